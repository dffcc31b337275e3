// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What identifies one version of the users file: modification time, size and file key (the inode on
 * Unix, which an atomic rename always changes, even within one timestamp tick). Immutable.
 */
record FileStamp(FileTime modified, long size, Object fileKey) {

    /** One stat call; follows symbolic links, so a link to the file works. */
    static FileStamp of(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileStamp(a.lastModifiedTime(), a.size(), a.fileKey());
    }
}
