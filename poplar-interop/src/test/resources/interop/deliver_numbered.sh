# SPDX-License-Identifier: Apache-2.0
# A delivery agent for mpop and fetchmail: writes the message on standard input to the next numbered
# file (001, 002, ...) in the directory given as $1. The tools deliver one message at a time, in
# message-number order, so the file number is the POP3 message number.
set -eu
n=$(( $(ls "$1" | wc -l) + 1 ))
cat > "$1/$(printf %03d "$n")"
