package jobdispatch.dispatch.jobs.control;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids are UUID version 7: unique, and sorted by creation time as strings, which the listing relies on. */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private JobIds() {
    }

    public static String next(long epochMillis) {
        long high = (epochMillis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
