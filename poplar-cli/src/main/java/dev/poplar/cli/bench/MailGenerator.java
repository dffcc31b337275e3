// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the Maildirs of a data set, on all cores. Each message is made from its own {@link Prng}
 * (seed, mailbox, message number), so the result does not depend on which thread wrote what: the same
 * seed gives the same names and bytes. Not thread-safe itself; one generator per run.
 */
final class MailGenerator {
    /** Messages of {@code bigbox} per task, and empty idle Maildirs per task. */
    private static final int CHUNK = 1000;
    /** Seconds between consecutive deliveries to a mailbox (plus up to as much again at random). */
    static final int SPACING = 300;
    /** Delivery times start at 2020-09-13 plus up to about three years, chosen by the seed. */
    private static final long EPOCH_FLOOR = 1_600_000_000L;
    private static final int EPOCH_SPREAD = 100_000_000;
    private static final int KB = 1024, MB = 1024 * 1024;

    private final DataSet set;
    private final Path dir;
    private final long epoch;

    MailGenerator(DataSet set, Path dir) {
        this.set = set;
        this.dir = dir;
        this.epoch = EPOCH_FLOOR + Prng.of(set.seed(), "epoch", 0).nextInt(EPOCH_SPREAD);
    }

    /** Writes every Maildir; returns the totals. */
    Tally run(int threads) throws IOException {
        List<Callable<Tally>> tasks = new ArrayList<>();
        Tally total = new Tally();
        // The biggest single piece first, so that it overlaps with everything else.
        if (set.bigMessageMb() > 0) tasks.add(() -> bigMessage(DataSet.BIGMESSAGE));
        List<String> idle = new ArrayList<>();
        for (DataSet.Mailbox box : set.mailboxes()) {
            switch (box.kind()) {
                case USER, PROBE -> tasks.add(() -> mailbox(box, 0, box.messages()));
                case BIGBOX -> {
                    // Made here once, counted here once; the chunks only add messages.
                    MaildirWriter.create(DataSet.maildir(dir, box.name()));
                    total.mailbox(DataSet.Kind.BIGBOX);
                    for (int from = 0; from < box.messages(); from += CHUNK) {
                        int start = from, end = Math.min(box.messages(), from + CHUNK);
                        tasks.add(() -> mailbox(box, start, end));
                    }
                }
                case IDLE -> idle.add(box.name());
                case BIGMESSAGE -> { } // above
            }
        }
        for (int from = 0; from < idle.size(); from += CHUNK) {
            List<String> names = idle.subList(from, Math.min(idle.size(), from + CHUNK));
            tasks.add(() -> empty(names));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Tally>> results = pool.invokeAll(tasks);
            for (Future<Tally> f : results) total.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new IOException(cause);
        }
        return total;
    }

    /** Messages {@code [from, to)} of a user, probe or bigbox mailbox. */
    private Tally mailbox(DataSet.Mailbox box, int from, int to) throws IOException {
        Path maildir = DataSet.maildir(dir, box.name());
        Tally tally = new Tally();
        if (box.kind() != DataSet.Kind.BIGBOX) {
            MaildirWriter.create(maildir);
            tally.mailbox(box.kind());
        }
        for (int i = from; i < to; i++) {
            Prng rng = Prng.of(set.seed(), box.name(), i);
            long time = epoch + (long) i * SPACING + rng.nextInt(SPACING);
            String base = MaildirWriter.base(time, rng.nextInt(1_000_000), rng.between(1000, 99_999));
            byte[] message = message(box, i, rng, time);
            tally.message(box.kind(), MaildirWriter.write(maildir, base, message));
        }
        return tally;
    }

    /**
     * One message. user*: most 2-8 KB text, a quarter 20-100 KB with an attachment, about 1% 1-5 MB;
     * bigbox and probe: 2-4 KB text. About 3% of text parts have lines starting with '.', and the third
     * probe message always does, so that dot-stuffing (RFC 1939 §3) is exercised.
     */
    static byte[] message(DataSet.Mailbox box, int index, Prng rng, long time) {
        String to = box.name();
        boolean dots = box.kind() == DataSet.Kind.PROBE ? index == 2 : rng.percent(3);
        if (box.kind() != DataSet.Kind.USER) return MessageFactory.plain(rng, to, time, rng.between(2 * KB, 4 * KB), dots);
        int kind = rng.nextInt(10_000);
        if (kind < 100) return MessageFactory.withAttachment(rng, to, time, rng.between(MB, 5 * MB), dots);
        if (kind < 2_600) return MessageFactory.withAttachment(rng, to, time, rng.between(20 * KB, 100 * KB), dots);
        return MessageFactory.plain(rng, to, time, rng.between(2 * KB, 8 * KB), dots);
    }

    private Tally bigMessage(String name) throws IOException {
        Path maildir = DataSet.maildir(dir, name);
        MaildirWriter.create(maildir);
        Prng rng = Prng.of(set.seed(), name, 0);
        long time = epoch + rng.nextInt(SPACING);
        String base = MaildirWriter.base(time, rng.nextInt(1_000_000), rng.between(1000, 99_999));
        long size = (long) set.bigMessageMb() * MB;
        Tally tally = new Tally();
        tally.mailbox(DataSet.Kind.BIGMESSAGE);
        tally.message(DataSet.Kind.BIGMESSAGE,
                MaildirWriter.stream(maildir, base, out -> MessageFactory.writeBig(out, rng, name, time, size)));
        return tally;
    }

    private Tally empty(List<String> names) throws IOException {
        Tally tally = new Tally();
        for (String name : names) {
            MaildirWriter.create(DataSet.maildir(dir, name));
            tally.mailbox(DataSet.Kind.IDLE);
        }
        return tally;
    }
}
