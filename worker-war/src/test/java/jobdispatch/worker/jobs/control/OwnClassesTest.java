package jobdispatch.worker.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preloading, on class loaders of their own over a directory and a jar that hold copies of the
 * two classes below: one initialises (and says so), one cannot (the class it needs is left out).
 */
class OwnClassesTest {

    private static final String PACKAGE = "jobdispatch/worker/jobs/control/";
    static final String MARK = "ownclasses.test.initialised";

    /** Sets {@link #MARK} when initialised. */
    static final class Initialises {
        static {
            System.setProperty(MARK, "yes");
        }
    }

    /** Needs {@link Absent}, which the copies leave out. */
    static final class NeedsAbsent {
        static final Object NEEDED = new Absent();
    }

    static final class Absent {
    }

    @TempDir
    Path temp;

    @AfterEach
    void forget() {
        System.clearProperty(MARK);
    }

    @Test
    void aDirectorysClassesAreLoadedAndInitialised() throws IOException {
        Path classes = temp.resolve("classes");
        for (Class<?> copied : new Class<?>[] {Initialises.class, NeedsAbsent.class}) {
            Path file = classes.resolve(resource(copied));
            Files.createDirectories(file.getParent());
            try (InputStream in = bytes(copied)) {
                Files.copy(in, file);
            }
        }
        try (URLClassLoader loader = isolated(classes.toUri().toURL())) {
            assertNull(System.getProperty(MARK));
            assertEquals(1, OwnClasses.load(loader, PACKAGE), "the one that can initialise");
            assertEquals("yes", System.getProperty(MARK));
        }
    }

    @Test
    void aJarsClassesAreLoadedAndInitialised() throws IOException {
        Path jar = temp.resolve("with space.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            // as jar and Maven write them: a package is found by its directory's entry
            String dir = "";
            for (String part : PACKAGE.split("/")) {
                dir += part + "/";
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            for (Class<?> copied : new Class<?>[] {Initialises.class, NeedsAbsent.class}) {
                out.putNextEntry(new JarEntry(resource(copied)));
                try (InputStream in = bytes(copied)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = isolated(jar.toUri().toURL())) {
            assertEquals(1, OwnClasses.load(loader, PACKAGE));
            assertEquals("yes", System.getProperty(MARK));
        }
    }

    @Test
    void aPackageTheLoaderDoesNotHoldLoadsNothing() throws IOException {
        try (URLClassLoader loader = isolated(temp.toUri().toURL())) {
            assertEquals(0, OwnClasses.load(loader, "no/such/package/"));
        }
    }

    /** Sees only its own URL and the JDK, so the copies are the classes it defines. */
    private static URLClassLoader isolated(URL root) {
        return new URLClassLoader(new URL[] {root}, ClassLoader.getPlatformClassLoader());
    }

    private static String resource(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static InputStream bytes(Class<?> type) {
        return OwnClassesTest.class.getClassLoader().getResourceAsStream(resource(type));
    }
}
