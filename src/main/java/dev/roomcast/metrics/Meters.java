package dev.roomcast.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This application's meters. A bean of Roomcast's own type rather than a {@code MeterRegistry} producer, so that
 * it can never be confused with a registry a server offers its deployments. The JVM's meters (heap, GC, threads,
 * classes, CPU, file descriptors, uptime) are bound at start; the garbage-collection listeners are let go at
 * undeploy, so that a server does not keep the WAR's classes alive through them.
 */
@ApplicationScoped
public class Meters {

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    private JvmHeapPressureMetrics heapPressure;

    /** In {@code @PostConstruct}, not the constructor, which a server's CDI may also run for the bean's proxy. */
    @PostConstruct
    public void bindJvm() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gc = new JvmGcMetrics();
        heapPressure = new JvmHeapPressureMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        heapPressure.bindTo(registry); // jvm_gc_overhead: there from the start, unlike pauses, which need a GC
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where every concern registers its meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus's text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    public void close() {
        gc.close();
        heapPressure.close();
        registry.close();
    }
}
