package jobdispatch.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the server binaries the tests run: a configured folder first, then the PATH. */
final class Binaries {

    private Binaries() {
    }

    static String find(String name, String folderProperty) {
        String folder = System.getProperty(folderProperty);
        if (folder != null && !folder.isBlank()) {
            Path candidate = Paths.get(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Paths.get(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " not found in -D" + folderProperty + "=" + folder
                + " nor on PATH; bin/test installs it (redis-server from Debian, nsqd via tools/nsq)");
    }

    /** The build's target folder of the module running the tests. */
    static Path target() {
        return Paths.get(System.getProperty("jobs.target", "target")).toAbsolutePath();
    }
}
