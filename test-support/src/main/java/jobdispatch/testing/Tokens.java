package jobdispatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * MicroProfile JWT tokens for a local installation and the tests: an RSA key pair in PEM files
 * (dispatch verifies with public.pem) and tokens signed with nimbus-jose-jwt. In production
 * the tokens come from your identity provider; see docs/security.md.
 *
 * <pre>
 * Tokens keygen DIR                               writes DIR/private.pem and DIR/public.pem
 * Tokens issue DIR ISSUER SUBJECT TTL_SECONDS ROLE...   prints a token with those roles (groups)
 * </pre>
 */
public final class Tokens {

    private final PrivateKey key;
    private final String issuer;

    public Tokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Tokens signed with the same key that name another issuer. */
    public Tokens withIssuer(String otherIssuer) {
        return new Tokens(key, otherIssuer);
    }

    /** The key pair in {@code dir}, made there first if it is not yet. */
    public static Tokens inDirectory(Path dir, String issuer) throws IOException {
        if (!Files.exists(dir.resolve("private.pem"))) {
            keygen(dir);
        }
        return new Tokens(readPrivateKey(dir.resolve("private.pem")), issuer);
    }

    public static void keygen(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(dir);
        Path secret = dir.resolve("private.pem");
        Files.writeString(secret, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        secret.toFile().setReadable(false, false);
        secret.toFile().setReadable(true, true);
        Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    /** A signed token for {@code subject} with these roles, valid from now for {@code ttl} (negative: already expired). */
    public String issue(String subject, Duration ttl, String... roles) {
        Instant now = Instant.now();
        Instant issued = ttl.isNegative() ? now.plus(ttl).minus(Duration.ofMinutes(10)) : now;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).claim("upn", subject).claim("groups", List.of(roles))
                .issueTime(Date.from(issued)).expirationTime(Date.from(now.plus(ttl))).jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static RSAPrivateKey readPrivateKey(Path file) throws IOException {
        String base64 = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IOException("not an RSA private key in PKCS#8 PEM: " + file, e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("keygen")) {
            keygen(Path.of(args[1]));
        } else if (args.length >= 6 && args[0].equals("issue")) {
            Tokens tokens = new Tokens(readPrivateKey(Path.of(args[1]).resolve("private.pem")), args[2]);
            System.out.println(tokens.issue(args[3], Duration.ofSeconds(Long.parseLong(args[4])),
                    List.of(args).subList(5, args.length).toArray(String[]::new)));
        } else {
            System.err.println("usage: Tokens keygen DIR | Tokens issue DIR ISSUER SUBJECT TTL_SECONDS ROLE...");
            System.exit(2);
        }
    }
}
