// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.StoreException;

/** One running SASL exchange, server side. Used by one session thread. */
public interface SaslExchange {

    /**
     * Takes the client's next response and says what happens next.
     *
     * @param response the decoded response; on the first call, the initial response from the AUTH line,
     *                 or {@code null} if the client sent none (an empty initial response, {@code =},
     *                 arrives as an empty array)
     * @throws StoreException when a back end needed for the check fails
     */
    SaslStep step(byte[] response) throws StoreException;
}
