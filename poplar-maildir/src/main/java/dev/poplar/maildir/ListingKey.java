// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The state of everything a maildir's listing is computed from, as file-system stamps: {@code cur/}
 * and {@code new/} (which names are there), our {@code poplar-index} (sizes, kept UIDLs, the import
 * mark) and Dovecot's {@code dovecot-uidlist} (imported UIDLs, sizes). Message contents are not in it:
 * Maildir messages never change once delivered (research notes §4.2), and a message's size comes from
 * its name or from the index, which the key covers. Immutable.
 *
 * <p>Why stamps suffice (Dovecot's maildir sync rule): every create, rename and unlink in a directory
 * sets the directory's mtime, so an unchanged mtime (to the nanosecond, with the same inode and size)
 * means the same entries, as long as the mtime is older than the clock tick a change could still fall
 * in ({@link #settledBefore}). We replace {@code poplar-index} by rename (a new inode every time) and
 * Dovecot appends to its uidlist (the size grows) or replaces it by rename, so their stamps change with
 * their content.
 *
 * @param cur     {@code cur/}, or null when absent
 * @param fresh   {@code new/}, or null when absent
 * @param index   {@code poplar-index}, or null when absent
 * @param uidlist {@code dovecot-uidlist}, or null when absent
 */
record ListingKey(Stamp cur, Stamp fresh, Stamp index, Stamp uidlist) {

    /** How {@link #line()} begins. */
    static final String PREFIX = "key ";

    /**
     * One file's or directory's stamp.
     *
     * @param inode         its inode number, or -1 where the file system has none
     * @param modifiedNanos its mtime in nanoseconds since the epoch
     * @param size          its size in bytes
     */
    record Stamp(long inode, long modifiedNanos, long size) {
        /** The record form: {@code <inode>/<mtime>/<size>}, or {@code -} for an absent file. */
        static String format(Stamp stamp) {
            return stamp == null ? "-" : stamp.inode + "/" + stamp.modifiedNanos + "/" + stamp.size;
        }
    }

    /**
     * Reads the stamps now. The directories are followed if they are links (the scanner lists what they
     * point to); our and Dovecot's files are not, as their readers do not follow links either.
     */
    static ListingKey of(Path maildir) throws IOException {
        return new ListingKey(
                stamp(maildir.resolve(MaildirScanner.CUR)),
                stamp(maildir.resolve(MaildirScanner.NEW)),
                stamp(maildir.resolve(MaildirIndex.FILE_NAME), LinkOption.NOFOLLOW_LINKS),
                stamp(maildir.resolve(DovecotUidlist.FILE_NAME), LinkOption.NOFOLLOW_LINKS));
    }

    /** The first record of {@code poplar-listing}; a cached listing applies only when it is equal. */
    String line() {
        return PREFIX + "cur " + Stamp.format(cur) + " new " + Stamp.format(fresh)
                + " index " + Stamp.format(index) + " uidlist " + Stamp.format(uidlist);
    }

    /**
     * Whether {@code cur/} and {@code new/} last changed at least {@code settle} before {@code start}.
     * File systems keep mtimes at kernel-tick granularity: a change in the same tick as a directory's
     * last change leaves its mtime as it was, so a scan can be trusted only for a directory whose mtime
     * is older than any tick the scan overlaps (Dovecot waits out the same window before it trusts
     * its own scan). An absent directory has no such window: creating it changes its stamp. On a network
     * file system this assumes the server's clock is within that margin of ours, as Dovecot does.
     */
    boolean settledBefore(Instant start, Duration settle) {
        Instant settled = start.minus(settle);
        long limit = settled.getEpochSecond() * 1_000_000_000L + settled.getNano();
        return (cur == null || cur.modifiedNanos <= limit) && (fresh == null || fresh.modifiedNanos <= limit);
    }

    /** Whether the directories and the uidlist have the same stamps in both keys. */
    boolean sameSourcesAs(ListingKey other) {
        return Objects.equals(cur, other.cur) && Objects.equals(fresh, other.fresh)
                && Objects.equals(uidlist, other.uidlist);
    }

    /**
     * The inode rather than Java's file key: the key also holds the device number, which differs between
     * two machines mounting one NFS export (and after some remounts), so two nodes sharing a maildir would
     * each find the other's file out of date and rewrite it at every login.
     */
    private static Stamp stamp(Path path, LinkOption... options) throws IOException {
        try {
            if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, options);
                return new Stamp(-1, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
            }
            Map<String, Object> a = Files.readAttributes(path, "unix:ino,lastModifiedTime,size", options);
            return new Stamp((Long) a.get("ino"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                    (Long) a.get("size"));
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
