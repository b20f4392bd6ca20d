// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.List;
import java.util.Objects;

/**
 * What an export produced: the files to write, in order, and every setting the target could not
 * express ({@code app 'web': watch: ...}), which the files also carry as comments.
 *
 * @param files the files, each a bare file name and its text
 * @param notes one line per setting left out or only approximated
 */
public record ExportedFiles(List<File> files, List<String> notes) {
    public ExportedFiles {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    /** One file to write: {@code name} is a bare file name ({@code web.service}, {@code compose.yaml}). */
    public record File(String name, String text) {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }
}
