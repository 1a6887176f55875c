package org.ispadlab.kernel.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in cell code from ending the
 * kernel: cell classes are rewritten so those calls throw {@link CellExitException} instead. (The
 * SecurityManager route is gone from modern JDKs, so the calls are replaced in the bytecode.)
 */
public final class ExitGuard {

    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

    private ExitGuard() {
    }

    /** Called instead of {@code System.exit(status)} by rewritten cell code. */
    public static void exit(int status) {
        throw new CellExitException(status);
    }

    /** Called instead of {@code Runtime.getRuntime().exit(status)} or {@code halt(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw new CellExitException(status);
    }

    /** Returns the class with every exit call redirected to this guard. */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, sig, exc)) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String method, String mdesc, boolean itf) {
                        if (op == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                                && method.equals("exit") && mdesc.equals("(I)V")) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
                        } else if (op == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                                && (method.equals("exit") || method.equals("halt")) && mdesc.equals("(I)V")) {
                            // same stack shape: the Runtime receiver becomes the first argument
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(Ljava/lang/Runtime;I)V", false);
                        } else {
                            super.visitMethodInsn(op, owner, method, mdesc, itf);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
