package dev.roomcast.standalone;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roomcast.security.Identity;
import dev.roomcast.security.SecuritySettings;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * {@code GET /dev/token?name=alice[&rooms=team-*,lobby]}: a 12-hour HS256 token for anyone who asks. It
 * exists only in the standalone runner and only with {@code --dev}, never in the WAR.
 */
final class DevTokenHandler extends HttpHandler {

    static final Duration LIFETIME = Duration.ofHours(12);

    private final SecuritySettings settings;
    private final MACSigner signer;

    DevTokenHandler(SecuritySettings settings) throws JOSEException {
        this.settings = settings;
        this.signer = new MACSigner(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String name = request.getParameter("name");
        response.setHeader("Cache-Control", "no-store");
        if (name == null || !Identity.USER_NAME.matcher(name).matches()) {
            response.sendError(400, "name must be 1 to 64 letters, digits, '.', '_', '@', '+' or '-'");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(name)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)));
        if (settings.issuer() != null) {
            claims.issuer(settings.issuer());
        }
        if (settings.audience() != null) {
            claims.audience(settings.audience());
        }
        String rooms = request.getParameter("rooms");
        if (rooms != null && !rooms.isBlank()) {
            claims.claim("rooms", Arrays.stream(rooms.split(",")).map(String::trim).toList());
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        token.sign(signer);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("token", token.serialize()).add("user", name).build().toString());
    }
}
