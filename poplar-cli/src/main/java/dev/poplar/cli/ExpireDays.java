// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses a number of days for RFC 2449 §6.7 EXPIRE: a whole number of days, or {@code never} (any case)
 * for {@value #NEVER}, as CAPA says {@code EXPIRE NEVER}. Stateless.
 */
final class ExpireDays implements CommandLine.ITypeConverter<Integer> {
    /** Messages are never expired. */
    static final int NEVER = -1;

    @Override
    public Integer convert(String value) {
        String v = value.strip();
        if (v.toLowerCase(Locale.ROOT).equals("never")) return NEVER;
        try {
            int days = Integer.parseInt(v);
            if (days >= 0) return days;
        } catch (NumberFormatException e) {
            // reported below, without the exception text
        }
        throw new CommandLine.TypeConversionException("expected a number of days (0 or more) or 'never'");
    }
}
