// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

/** Exit codes, from sysexits.h, as MTAs and cron read them. Constants only. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** EX_USAGE: the command line was wrong. */
    public static final int USAGE = 64;
    /** EX_DATAERR: the input data was wrong. */
    public static final int DATA_ERROR = 65;
    /** EX_NOUSER: the addressee is unknown (delivery: the MTA bounces). */
    public static final int NO_USER = 67;
    /** EX_UNAVAILABLE: a service is unavailable (or cannot be used safely). */
    public static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: an internal error. */
    public static final int SOFTWARE = 70;
    /** EX_CANTCREAT: an output file cannot be created. */
    public static final int CANNOT_CREATE = 73;
    /** EX_IOERR: an input/output error. */
    public static final int IO_ERROR = 74;
    /** EX_TEMPFAIL: try again later (delivery: the MTA defers and retries). */
    public static final int TEMP_FAIL = 75;
    /** EX_NOPERM: permission denied (a login was refused). */
    public static final int NO_PERMISSION = 77;
    /** EX_CONFIG: the configuration is wrong. */
    public static final int CONFIG = 78;
}
