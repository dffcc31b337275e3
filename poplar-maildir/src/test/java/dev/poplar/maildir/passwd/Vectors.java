// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

/**
 * Known-answer vectors made once by independent tools (OpenSSL 3.0, mkpasswd from libxcrypt, htpasswd
 * from apache2-utils 2.4, the reference argon2 CLI, doveadm from Dovecot 2.3.19) and kept as constants,
 * so CI needs none of them.
 * The commands are given next to each value ({@code $P1} etc. are the passwords below).
 */
final class Vectors {
    private Vectors() {}

    /** Plain ASCII with punctuation. */
    static final String P1 = "Tr0ub4dor&3";
    /** Spaces inside, as RFC 1939 PASS allows. */
    static final String P2 = "correct horse battery staple";
    /** Non-ASCII: Latin-1 letters, an en dash, CJK and the euro sign, hashed as UTF-8. */
    static final String P3 = "pässwörd – 密码 €";
    /** 100 bytes: longer than bcrypt's 72. */
    static final String LONG = "x".repeat(100);

    // openssl passwd -6 -salt saltsalt "$P1"
    static final String SHA512_P1 = "$6$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1";
    // openssl passwd -6 -salt 'Q9k.z/7aB3' "$P2"
    static final String SHA512_P2 = "$6$Q9k.z/7aB3$6JSM0Vt8RsG1M4F0v68vWyYo7xtRl7ALjmjwPnqC1KRYCtItaxT5ZpdH1vShaFT.WC16splqTuHXaQQMuiGpI/";
    // openssl passwd -6 -salt uNiCoDe12345678 "$P3"
    static final String SHA512_P3 = "$6$uNiCoDe12345678$GnKAfvDqnbcejx/p7hfgFG6WO1pSfQ5wABtBnXDUeYa.u6mqwF3C6SuP0WsjI5SvKV.MhP/nw.DtO0GvP9nR6.";
    // mkpasswd -m sha512crypt -R 10000 -S roundsalt "$P1"
    static final String SHA512_ROUNDS_P1 = "$6$rounds=10000$roundsalt$6sSPfvMAyEWzN/bz9Z27p1a2wubtgowI1h3bdVZ5co.jzCcAaYejq/g7HYKyTvNQABOyWfm85HT.uWEjzzV0.1";

    // openssl passwd -5 -salt saltsalt "$P1"
    static final String SHA256_P1 = "$5$saltsalt$lenpbIIfFTOesMocJVNZvortN.KXU4D2QzPbnD5iNU3";
    // openssl passwd -5 -salt sp4ces "$P2"
    static final String SHA256_P2 = "$5$sp4ces$M6RmmEwye2Oxhq1.9nBE8c8Uu6joXM66M7s4oiriz93";
    // mkpasswd -m sha256crypt -R 8000 -S rounds8000salt "$P3"
    static final String SHA256_ROUNDS_P3 = "$5$rounds=8000$rounds8000salt$ZMSUBaffBEQ3QKhGjbkXckw85.RTQrOGH3oOu.XOrdA";

    // htpasswd -bnBC 5 u "$P1"
    static final String BCRYPT_2Y_P1 = "$2y$05$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.";
    // htpasswd -bnBC 5 u "$P2"
    static final String BCRYPT_2Y_P2 = "$2y$05$bpmPXdw2wyAJ51RLpFyB9udwX0ysAssDGujHJrMvIWdbtq9JWaZS2";
    // htpasswd -bnBC 5 u "$P3"
    static final String BCRYPT_2Y_P3 = "$2y$05$eGRmmMZSZNkuKtdzHPebVeBkdfxFWm3y01t9.UF54MV4d6ScFh.Ea";
    // htpasswd -bnBC 5 u "$LONG"
    static final String BCRYPT_2Y_LONG = "$2y$05$JH5bwFmZgBL2BN02AGuF5.IY0bhVPwZwmox9ekGB2ukR.X1s8oA/C";
    // mkpasswd -m bcrypt -R 5 "$P1"
    static final String BCRYPT_2B_P1 = "$2b$05$c2m7crdzITtsyoZO.9Qo.uKx1P43VrNrmp3zmCNm1EjiLLKHWraZm";
    // mkpasswd -m bcrypt -R 6 "$P3"
    static final String BCRYPT_2B_P3 = "$2b$06$O8kbTnEG5m47xNnH/8JfKevTfDALOoFY86DV80W/UNoSG/isNmhma";
    // mkpasswd -m bcrypt-a -R 5 "$P2"
    static final String BCRYPT_2A_P2 = "$2a$05$Pb8aevwl32vk6VVKTOkM5uYz5hZyK.PEBP0cCitKLtPv1YI.rImE6";

    // echo -n "$P1" | argon2 saltsalt123 -id -t 3 -m 16 -p 1 -e   (Dovecot's default costs)
    static final String ARGON2ID_P1 = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ";
    // echo -n "$P2" | argon2 'another salt' -id -t 2 -m 12 -p 2 -e
    static final String ARGON2ID_P2 = "$argon2id$v=19$m=4096,t=2,p=2$YW5vdGhlciBzYWx0$FdvxijfRY8o50IyxJ2baBZwmHWSfNKcyO+aODjXqeL4";
    // echo -n "$P3" | argon2 'unicodesalt!' -id -t 1 -m 10 -p 1 -e
    static final String ARGON2ID_P3 = "$argon2id$v=19$m=1024,t=1,p=1$dW5pY29kZXNhbHQh$Bu4VTVfP4Y2l1kFzjUgooCYQBDUAR+kUitSE/oi+XyE";
    // echo -n "$P1" | argon2 saltsalt123 -id -t 2 -m 10 -p 1 -l 16 -e   (16-byte hash)
    static final String ARGON2ID_SHORT_P1 = "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHQxMjM$O2z5S7Um5EVAXpY6EqiRBg";
    // echo -n pw | argon2 saltsalt -id -t 1 -m 3 -p 1 -e   (the cheapest Argon2: for tests of files)
    static final String ARGON2ID_CHEAP_PW = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q";
    // echo -n "$P1" | argon2 saltsalt123 -i -t 3 -m 12 -p 1 -e
    static final String ARGON2I_P1 = "$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQxMjM$ILXW/Q0kme7K5f1GEBk+wikscw9VNcfJ0Qclf1fiBoI";

    // doveadm pw -s SCRAM-SHA-256 -p "$P1"   (Dovecot 2.3.19.1; it always writes 4096 iterations)
    static final String SCRAM_P1 = "4096,NbZyOCkUQXabwy67Ixc6JQ==,dDMqG9nX1rdv3dGwhNH+GvK3PiXe8A7l4Qgh6AJ+Kow=,3Y5Z4TXy5Oha3BK1nHUugO5gcn4vpyWEsCYYeQp3fLQ=";
    // doveadm pw -s SCRAM-SHA-256 -p "$P2"
    static final String SCRAM_P2 = "4096,nTM9OJ7nr7muaRdGheFrzA==,YtLHdt2p01tU0k8RBoDoKz4xTnH43q9THUZhirrUDQc=,sujOb3B2gfGGg8KevcHz6ddalvy6wJtDrpMNNj8Tfqo=";
    // doveadm pw -s SCRAM-SHA-256 -p "$P3"   (UTF-8 bytes, no SASLprep, as Dovecot does)
    static final String SCRAM_P3 = "4096,dloR09WwoIPdD0ZHKlXhcw==,FSpPbXwZovetnmOqd18W/vmnJhc/abigK1JEl3U4OMk=,yQJZPQbP1zBk9eVXMKnwOX8UJ1/asNd1nttxfaMLq+I=";
    // RFC 7677 §3 example (password "pencil"); keys from Python hashlib.pbkdf2_hmac and hmac
    static final String SCRAM_PENCIL = "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
}
