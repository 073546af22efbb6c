package dev.roomcast.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.roomcast.security.SecuritySettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Tokens for tests, good and bad, signed with the keys the test runtimes trust: the shared secret of
 * {@code roomcast.test.settings} and the private halves of {@code security/test-signing-keys.jwks.json}.
 */
public final class TestTokens {

    private static final SecuritySettings SETTINGS = SecuritySettings.fromEnvironment();
    private static final JWKSet SIGNING_KEYS = load();

    private TestTokens() {
    }

    /** Claims the test runtimes accept: subject, issuer, audience, valid for an hour. */
    public static JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(user)
                .issuer(SETTINGS.issuer())
                .audience(SETTINGS.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    /** A valid HS256 token for {@code user}. */
    public static String valid(String user) {
        return sign(claims(user).build(), JWSAlgorithm.HS256);
    }

    public static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm) {
        try {
            JWSSigner signer;
            if (algorithm.equals(JWSAlgorithm.HS256)) {
                signer = new MACSigner(SETTINGS.jwtSecret().getBytes(StandardCharsets.UTF_8));
            } else if (algorithm.equals(JWSAlgorithm.RS256)) {
                signer = new RSASSASigner(SIGNING_KEYS.getKeyByKeyId("test-rsa").toRSAKey());
            } else {
                signer = new ECDSASigner(SIGNING_KEYS.getKeyByKeyId("test-ec").toECKey());
            }
            SignedJWT token = new SignedJWT(new JWSHeader(algorithm), claims);
            token.sign(signer);
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with a secret the server does not know. */
    public static String signedWithAnotherSecret(JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(new MACSigner("another-secret-that-is-long-enough-too!".getBytes(StandardCharsets.UTF_8)));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The algorithm-confusion attack: an HS256 token whose "secret" is the server's RSA public key, which an
     * attacker can read. A verifier that lets the token choose the algorithm would accept it.
     */
    public static String hs256WithThePublicKey(JWTClaimsSet claims) {
        try {
            byte[] publicKey = SIGNING_KEYS.getKeyByKeyId("test-rsa").toRSAKey().toRSAPublicKey().getEncoded();
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(new MACSigner(publicKey));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: a token with no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static JWKSet load() {
        try (InputStream keys = TestTokens.class.getResourceAsStream("/security/test-signing-keys.jwks.json")) {
            return JWKSet.load(keys);
        } catch (Exception e) {
            throw new IllegalStateException("test signing keys missing", e);
        }
    }
}
