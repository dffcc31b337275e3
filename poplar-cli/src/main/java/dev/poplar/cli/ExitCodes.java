// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

/** Exit codes, from sysexits.h, as MTAs and cron read them. Constants only. */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    /** EX_USAGE: the command line was wrong. */
    static final int USAGE = 64;
    /** EX_DATAERR: the input data was wrong. */
    static final int DATA_ERROR = 65;
    /** EX_NOUSER: the addressee is unknown (delivery: the MTA bounces). */
    static final int NO_USER = 67;
    /** EX_UNAVAILABLE: a service is unavailable (or cannot be used safely). */
    static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: an internal error. */
    static final int SOFTWARE = 70;
    /** EX_CANTCREAT: an output file cannot be created. */
    static final int CANNOT_CREATE = 73;
    /** EX_IOERR: an input/output error. */
    static final int IO_ERROR = 74;
    /** EX_TEMPFAIL: try again later (delivery: the MTA defers and retries). */
    static final int TEMP_FAIL = 75;
    /** EX_NOPERM: permission denied (a login was refused). */
    static final int NO_PERMISSION = 77;
    /** EX_CONFIG: the configuration is wrong. */
    static final int CONFIG = 78;
}
