// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.StatusLine;
import java.util.List;

/** RFC 6856 §3 LANG: the languages of human-readable texts (English only for now). Stateless. */
final class Languages {
    private Languages() {}

    static Step handle(SessionContext session, Command.Lang lang, SessionState state) {
        if (lang.language().isEmpty()) {
            return Step.reply(new Reply.Listing(StatusLine.ok("Language listing follows."), List.of("en English")), state);
        }
        String tag = lang.language().get();
        // "*" asks for the server's default; a range matches its primary tag ("en-GB" is English).
        if (tag.equals("*") || tag.equalsIgnoreCase("en") || tag.regionMatches(true, 0, "en-", 0, 3)) {
            session.language = "en";
            return Step.ok("en Language is English.", state);
        }
        return Step.err("Unsupported language.", state);
    }
}
