package dev.roomcast.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.roomcast.config.RoomPatterns;
import dev.roomcast.config.SettingReader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies bearer tokens with Nimbus JOSE+JWT. Each key accepts only its own algorithm family: the shared
 * secret only HS256, the JWKS keys only RS256 and ES256. So {@code alg: none} is refused (it is not a
 * signed token), and so is the classic confusion of an HS256 token "signed" with the RSA public key.
 * {@code exp} is required, {@code nbf} honoured, both with the configured clock skew; {@code sub} is the user.
 */
public final class TokenVerifier {

    /** A token that does not prove who its bearer is. The message is for logs, never for the client. */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    private final List<DefaultJWTProcessor<SecurityContext>> processors = new ArrayList<>();

    public TokenVerifier(SecuritySettings settings) {
        if (settings.jwtSecret() != null) {
            byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw SettingReader.invalid("jwt-secret", "must be at least 32 bytes for HS256, not " + secret.length);
            }
            processors.add(processor(settings, new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                    new ImmutableSecret<>(secret))));
        }
        if (settings.jwksFile() != null) {
            JWKSet keys;
            try {
                keys = JWKSet.parse(SettingReader.read("jwt-jwks-file", settings.jwksFile()));
            } catch (ParseException e) {
                throw SettingReader.invalid("jwt-jwks-file", "is not a JSON Web Key Set: " + e.getMessage());
            }
            processors.add(processor(settings, new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(keys))));
        }
    }

    /** Whether any key is configured; without one every token is refused. */
    public boolean hasKeys() {
        return !processors.isEmpty();
    }

    public Identity verify(String token) throws InvalidTokenException {
        String reason = "no verification key is configured";
        for (DefaultJWTProcessor<SecurityContext> processor : processors) {
            try {
                JWTClaimsSet claims = processor.process(token, null);
                List<String> rooms = claims.getStringListClaim("rooms");
                return new Identity(claims.getSubject(), rooms == null ? null : RoomPatterns.of(rooms),
                        claims.getExpirationTime().toInstant(), scopes(claims), null);
            } catch (ParseException e) {
                reason = "malformed token";
            } catch (BadJOSEException | JOSEException e) {
                reason = e.getMessage();
            }
        }
        throw new InvalidTokenException(reason);
    }

    /** The OAuth {@code scope} claim (space-separated) and a {@code roles} list, as one set. */
    private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
        Set<String> scopes = new HashSet<>();
        String scope = claims.getStringClaim("scope");
        if (scope != null) {
            scopes.addAll(List.of(scope.trim().split("\\s+")));
        }
        List<String> roles = claims.getStringListClaim("roles");
        if (roles != null) {
            scopes.addAll(roles);
        }
        return Set.copyOf(scopes);
    }

    private static DefaultJWTProcessor<SecurityContext> processor(SecuritySettings settings,
            JWSVerificationKeySelector<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (settings.issuer() != null) {
            exact.issuer(settings.issuer());
        }
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience() == null ? null : Collections.singleton(settings.audience()), exact.build(), required,
                null);
        claims.setMaxClockSkew(settings.clockSkewSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }
}
