package jobdispatch.worker.jobs.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Loads and initialises, at start, every class of the given packages that the application's
 * class loader holds (its WEB-INF/classes and WEB-INF/lib). Payara stops that class loader when
 * the application begins to stop, before any {@code @PreDestroy} runs: a class first needed
 * then (the event of a job whose claim was answered as the worker stopped, the report of its
 * attempt) cannot be loaded any more, and the job would go unreported until its lease ran out.
 * A package inside a jar is found by the jar's entry for its directory, which jar and Maven write.
 */
public final class OwnClasses {

    private static final Logger LOG = Logger.getLogger(OwnClasses.class.getName());

    private OwnClasses() {
    }

    /** Loads every class below these packages (as resource paths, {@code jobdispatch/}); returns how many were loaded. */
    public static int load(ClassLoader loader, String... packages) {
        TreeSet<String> names = new TreeSet<>();
        for (String pkg : packages) {
            try {
                for (URL root : Collections.list(loader.getResources(pkg))) {
                    names.addAll(classesBelow(root, pkg));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing the classes of " + pkg, e);
            }
        }
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, true, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError | RuntimeException notLoadable) {
                // a class for a dependency that is absent (an optional feature): nothing uses it
                LOG.log(Level.FINE, "not preloaded: " + name, notLoadable);
            }
        }
        return loaded;
    }

    /** The binary names of the classes below a package's directory or jar entry. */
    static List<String> classesBelow(URL root, String pkg) throws IOException {
        List<String> names = new ArrayList<>();
        switch (root.getProtocol()) {
            case "file" -> {
                Path dir;
                try {
                    dir = Paths.get(root.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException("not a directory: " + root, e);
                }
                Path base = dir;
                for (int i = 0; i < pkg.split("/").length; i++) {
                    base = base.getParent();
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    Path classesRoot = base;
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(binaryName(classesRoot.relativize(f).toString().replace('\\', '/'))));
                }
            }
            case "jar" -> {
                // jar:file:/.../x.jar!/pkg: the jar is opened here, whatever handler the URL carries
                String spec = root.getPath();
                String file = URLDecoder.decode(spec.substring("file:".length(), spec.indexOf("!/")), StandardCharsets.UTF_8);
                try (JarFile jar = new JarFile(file)) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        if (entry.getName().startsWith(pkg) && entry.getName().endsWith(".class")) {
                            names.add(binaryName(entry.getName()));
                        }
                    }
                }
            }
            default -> LOG.fine(() -> "classes at " + root + " not listed: " + root.getProtocol());
        }
        names.removeIf(name -> name.endsWith("module-info") || name.endsWith("package-info"));
        return names;
    }

    private static String binaryName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
