// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.net.InetSocketAddress;

/**
 * Facts about a connection that handlers may use. Immutable.
 *
 * @param secure whether the connection is protected by TLS
 */
record ConnectionInfo(InetSocketAddress remote, InetSocketAddress local, boolean secure) {}
