#!/usr/bin/perl
# Records each call as one JSON line in calls.jsonl next to this script (the format of
# fake-gammu.mjs), then runs the real gammu with the same arguments. Perl rather than Node:
# it starts in a few ms, so a test that sends a thousand messages spends its time in gammu.
use strict;
use warnings;
use File::Basename qw(dirname);
use Time::HiRes qw(time);

# Arguments are bytes; UTF-8 passes through unchanged, only what JSON forbids is escaped.
sub json_string {
  my ($text) = @_;
  $text =~ s/(["\\])/\\$1/g;
  $text =~ s/([\x00-\x1f])/sprintf('\\u%04x', ord($1))/ge;
  return qq("$text");
}

my $dir = dirname($0);
# One write per call (O_APPEND), so concurrent runs never interleave their lines.
open(my $calls, '>>', "$dir/calls.jsonl") or die "gammu recorder: $dir/calls.jsonl: $!\n";
printf $calls qq({"argv":[%s],"at":%d,"pid":%d}\n), join(',', map { json_string($_) } @ARGV), int(time() * 1000), $$;
close($calls) or die "gammu recorder: $dir/calls.jsonl: $!\n";
exec('gammu', @ARGV) or die "gammu recorder: cannot run gammu: $!\n";
