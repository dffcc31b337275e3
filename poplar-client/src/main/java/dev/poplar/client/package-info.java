// SPDX-License-Identifier: Apache-2.0
/**
 * The Poplar POP3 client: {@code Pop3Client} with typed results and errors, streaming message bodies,
 * TLS (implicit or STLS, verified by default), SASL and the seed extensions. JDK only.
 */
package dev.poplar.client;
