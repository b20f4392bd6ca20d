// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * A token just made by {@link TokenStore#create}: its description and its secret, which exists
 * nowhere else (the store keeps a digest) and must be shown to the user once, then forgotten.
 */
public record IssuedToken(TokenInfo token, String secret) {
    @Override
    public String toString() {
        return "IssuedToken[" + token + "]"; // never the secret, even in a debug line
    }
}
