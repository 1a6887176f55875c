package org.ispadlab.kernel.eval;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles from cells, in this JVM, with exit calls guarded. Its parent is the
 * kernel's class loader, so cells see the ISP-AD library; {@code %classpath} adds jars here.
 */
final class SnippetLoaderDelegate implements LoaderDelegate {

    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

    SnippetLoaderDelegate(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent);
    }

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), ExitGuard.rewrite(c.bytecodes()));
        }
        int i = 0;
        try {
            for (ClassBytecodes c : classes) {
                Class<?> type = loader.loadClass(c.name());
                type.getDeclaredMethods(); // link now, so a bad class fails here and not mid-cell
                loaded.put(c.name(), type);
                installed[i++] = true;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("cannot load " + classes[i].name() + ": " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), ExitGuard.rewrite(c.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                loader.addURL(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new InternalException("not a class path entry: " + entry);
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = loaded.get(name);
        if (type == null) {
            throw new ClassNotFoundException(name + " was not loaded by a cell");
        }
        return type;
    }

    private static final class SnippetClassLoader extends URLClassLoader {
        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        SnippetClassLoader(ClassLoader parent) {
            super(new URL[0], parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected void addURL(URL url) {
            super.addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes != null) {
                return defineClass(name, bytes, 0, bytes.length);
            }
            return super.findClass(name);
        }
    }
}
