#!/usr/bin/perl
# Records each call as one JSON line in calls.jsonl next to this script (the format of
# fake-gammu.mjs), then runs the real gammu with the same arguments. Perl rather than Node:
# it starts in a few ms, so a test that sends a thousand messages spends its time in gammu.
# In batch mode (`… batch -`) it also records each command line read from stdin as a call of
# its own (the connection arguments, then the line split as gammu splits it), and passes the
# line on to gammu as it comes.
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
sub record {
  open(my $calls, '>>', "$dir/calls.jsonl") or die "gammu recorder: $dir/calls.jsonl: $!\n";
  printf $calls qq({"argv":[%s],"at":%d,"pid":%d}\n), join(',', map { json_string($_) } @_), int(time() * 1000), $$;
  close($calls) or die "gammu recorder: $dir/calls.jsonl: $!\n";
}

# gammu's own splitting of a batch line (RunBatch in gammu/gammu.c): spaces, and '…' or "…" with no escapes.
sub split_batch_line {
  my ($line) = @_;
  my @args;
  my ($quote, $start, $len) = ('', 0, length($line));
  for (my $i = 0; $i <= $len; $i++) {
    my $ch = $i < $len ? substr($line, $i, 1) : '';
    if ($quote ne '') {
      if ($ch eq $quote) {
        push @args, substr($line, $start, $i - $start);
        $quote = '';
        $i++;
        $start = $i + 1;
      }
    } elsif ($ch eq ' ' || $ch eq '') {
      push @args, substr($line, $start, $i - $start);
      $start = $i + 1;
    } elsif ($ch eq '"' || $ch eq "'") {
      $quote = $ch;
      $start = $i + 1;
    }
  }
  return @args;
}

record(@ARGV);
my ($batch_at) = grep { $ARGV[$_] eq 'batch' } 0 .. $#ARGV;
exec('gammu', @ARGV) or die "gammu recorder: cannot run gammu: $!\n" unless defined $batch_at;

my @connection = @ARGV[0 .. $batch_at - 1];
pipe(my $from_us, my $to_gammu) or die "gammu recorder: pipe: $!\n";
my $pid = fork() // die "gammu recorder: fork: $!\n";
if ($pid == 0) {
  close($to_gammu);
  open(STDIN, '<&', $from_us) or die "gammu recorder: stdin: $!\n";
  exec('gammu', @ARGV) or die "gammu recorder: cannot run gammu: $!\n";
}
close($from_us);
$SIG{PIPE} = 'IGNORE'; # gammu ended (an error ends a batch run): its exit code says why
$to_gammu->autoflush(1);
binmode(STDIN);
while (my $line = <STDIN>) {
  (my $command = $line) =~ s/\s+$//;
  record(@connection, split_batch_line($command)) if $command ne '' && substr($command, 0, 1) ne '#';
  print {$to_gammu} $line or last;
}
close($to_gammu);
waitpid($pid, 0);
exit($? & 127 ? 128 + ($? & 127) : $? >> 8);
