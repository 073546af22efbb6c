package dev.roomcast.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, held against the compiled classes: dependencies point inward, towards
 * the message model, the registry and the leaf packages; no arrow runs back up, and there is no cycle. A new
 * package, or a new edge between two, must be added here on purpose, and to the architecture document with it.
 */
class PackageRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.roomcast");
    }

    /** The client jar runs beside any application: nothing of the server's, only the JDK and JSON Processing. */
    @Test
    void theClientNeedsOnlyTheJdkAndJsonProcessing() {
        classes().that().resideInAPackage("dev.roomcast.client..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "jakarta.json..", "dev.roomcast.client..").check(classes);
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("backend").definedBy("dev.roomcast.backend..")
                .layer("client").definedBy("dev.roomcast.client..")
                .layer("concurrent").definedBy("dev.roomcast.concurrent..")
                .layer("config").definedBy("dev.roomcast.config..")
                .layer("container").definedBy("dev.roomcast.container..")
                .layer("metrics").definedBy("dev.roomcast.metrics..")
                .layer("message").definedBy("dev.roomcast.message..")
                .layer("registry").definedBy("dev.roomcast.registry..")
                .layer("room").definedBy("dev.roomcast.room..")
                .layer("security").definedBy("dev.roomcast.security..")
                .layer("chat").definedBy("dev.roomcast.chat..")
                .layer("cluster").definedBy("dev.roomcast.cluster..")
                .layer("health").definedBy("dev.roomcast.health..")
                .layer("api").definedBy("dev.roomcast.api..")
                .layer("endpoint").definedBy("dev.roomcast.endpoint..")
                .layer("webhook").definedBy("dev.roomcast.webhook..")
                .layer("proxy").definedBy("dev.roomcast.proxy..")
                .layer("standalone").definedBy("dev.roomcast.standalone..")
                // The leaves: nothing of Roomcast's.
                .whereLayer("client").mayNotAccessAnyLayer()
                .whereLayer("client").mayNotBeAccessedByAnyLayer()
                .whereLayer("concurrent").mayNotAccessAnyLayer()
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("container").mayNotAccessAnyLayer()
                .whereLayer("metrics").mayNotAccessAnyLayer()
                // What the core tells and asks the backend: contracts only, that the webhook and proxy edges implement.
                .whereLayer("backend").mayOnlyAccessLayers("config")
                // The core: the message model, who is connected, rooms.
                .whereLayer("message").mayOnlyAccessLayers("config")
                .whereLayer("registry").mayOnlyAccessLayers("concurrent", "config", "container", "metrics")
                .whereLayer("room").mayOnlyAccessLayers("backend", "concurrent", "config", "message")
                // The services around it.
                .whereLayer("security").mayOnlyAccessLayers("backend", "config", "metrics", "registry")
                .whereLayer("chat").mayOnlyAccessLayers("backend", "concurrent", "config", "message", "metrics",
                        "registry", "room", "security")
                .whereLayer("cluster").mayOnlyAccessLayers("backend", "concurrent", "config", "message", "metrics",
                        "registry", "room")
                // The edges: thin, over the services; none uses another edge.
                .whereLayer("health").mayOnlyAccessLayers("message", "registry", "room")
                .whereLayer("api").mayOnlyAccessLayers("backend", "message", "metrics", "registry", "room", "security")
                .whereLayer("endpoint").mayOnlyAccessLayers("chat", "message", "registry", "security")
                .whereLayer("webhook").mayOnlyAccessLayers("backend", "config", "message", "metrics")
                .whereLayer("proxy").mayOnlyAccessLayers("backend", "config", "message", "metrics")
                // The runner puts everything together, and nothing uses it.
                .whereLayer("standalone").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    @Test
    void thePackagesHaveNoCycle() {
        slices().matching("dev.roomcast.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Each package says what it is, and the rules above know it. */
    @Test
    void everyPackageHasItsDescriptionAndARule() throws IOException {
        Path main = Path.of("src/main/java/dev/roomcast");
        List<String> packages;
        try (Stream<Path> folders = Files.list(main)) {
            packages = folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList();
        }
        for (String name : packages) {
            assertEquals(true, Files.isRegularFile(main.resolve(name).resolve("package-info.java")),
                    "dev.roomcast." + name + " has a package-info.java");
        }
        assertEquals(List.of("api", "backend", "chat", "client", "cluster", "concurrent", "config", "container", "endpoint",
                "health", "message", "metrics", "proxy", "registry", "room", "security", "standalone", "webhook"), packages,
                "every package has a rule above");
    }
}
