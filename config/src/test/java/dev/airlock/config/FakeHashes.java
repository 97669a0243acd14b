package dev.airlock.config;

import java.security.SecureRandom;

/** Strings shaped like bcrypt hashes, made at test time so that no hash (or password) is ever written in the repo. */
final class FakeHashes {

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FakeHashes() {
    }

    /** {@code $2y$10$} and 53 random characters of the bcrypt alphabet. */
    static String bcrypt() {
        return bcrypt("$2y$10$");
    }

    /** {@code prefix} and 53 random characters of the bcrypt alphabet. */
    static String bcrypt(String prefix) {
        return prefix + random(ALPHABET, 53);
    }

    /** Something a person might type as a password: letters and digits, never a hash. */
    static String password() {
        return random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20);
    }

    static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
