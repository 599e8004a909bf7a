package jobdispatch.worker.jobs.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An optional file with one line per handler run that ended ({@code id attempt ok|failed}),
 * written before the outcome is reported: bin/chaos counts from it how often each job's handler
 * really ran, which statuses alone cannot show (docs/reliability.md). Off unless
 * {@code worker.journal} names a file. A plain object of the runner's, not a bean: a bean first
 * looked up while the application stops (a job finishing in the grace period) cannot be created.
 */
final class ExecutionJournal {

    private static final Logger LOG = Logger.getLogger(ExecutionJournal.class.getName());

    private final Path file;

    ExecutionJournal(Path file) {
        this.file = file;
    }

    synchronized void ran(String id, int attempt, boolean ok) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, id + " " + attempt + " " + (ok ? "ok" : "failed") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the execution journal " + file, e);
        }
    }
}
