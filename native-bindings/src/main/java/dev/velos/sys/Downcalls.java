// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The single place where symbols are looked up and linked. Every binding class holds its
 * handles in a lazy nested holder (jextract's shape), so a subsystem pays the linking cost only
 * when first used: the first handle of a cold JVM costs ~130 ms, later ones a few ms each
 * (NATIVE-NOTES §6).
 */
final class Downcalls {
    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Downcalls() {
    }

    /** Links a function that reports errors through its return value only (never errno). */
    static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(require(name), descriptor, options);
    }

    /**
     * Links a function that sets errno. The handle takes the capture segment of a
     * {@link CallState} as its first argument, so errno is read from the very call that set it;
     * reading {@code __errno_location()} afterwards is unreliable because the JVM may run code
     * that clobbers errno between two downcalls.
     */
    static MethodHandle linkErrno(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(require(name), descriptor, options);
    }

    /** Like {@link #linkErrno} for a symbol that older C libraries lack. */
    static Optional<MethodHandle> linkErrnoOptional(String name, FunctionDescriptor descriptor) {
        return LOOKUP.find(name).map(address -> LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO));
    }

    /** Like {@link #link} for a symbol that older C libraries lack. */
    static Optional<MethodHandle> linkOptional(String name, FunctionDescriptor descriptor) {
        return LOOKUP.find(name).map(address -> LINKER.downcallHandle(address, descriptor));
    }

    /** The address of a C function, for the C library to call (a signal handler), never Java. */
    static MemorySegment address(String name) {
        return require(name);
    }

    private static MemorySegment require(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "symbol '" + name + "' not found in the C library; velos needs glibc >= 2.36"));
    }
}
