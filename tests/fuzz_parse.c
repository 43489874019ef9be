/* Fuzz target for the config.json parser.
 *
 * Built with -fsanitize=fuzzer (and -DFUZZING_LIBFUZZER) it is a libFuzzer
 * target:
 *   clang -fsanitize=fuzzer,address,undefined -DFUZZING_LIBFUZZER \
 *     -D_GNU_SOURCE -Iruntime -I. runtime/{error,util,tables,mount_options,parse,parse_linux}.c \
 *     tests/fuzz_parse.c -ljansson -o fuzz_parse
 *   ./fuzz_parse -max_len=65536 tests/fuzz-corpus
 * Otherwise it replays each file named on the command line through the
 * parser (make fuzz-smoke), so the corpus doubles as a regression test.  */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "plan.h"
#include "util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct cinch_plan *plan = NULL;
  struct cinch_process proc;
  cinch_error_t err = NULL;

  if (cinch_plan_parse ((const char *) data, size, "/bundle", &plan, &err) == 0)
    cinch_plan_free (plan);
  else
    cinch_error_free (&err);

  /* The same bytes as an exec --process document.  */
  if (cinch_process_parse ((const char *) data, size, &proc, &err) == 0)
    cinch_process_clear (&proc);
  else
    cinch_error_free (&err);
  return 0;
}

#ifndef FUZZING_LIBFUZZER
int
main (int argc, char **argv)
{
  int failed = 0;

  for (int i = 1; i < argc; i++)
    {
      cleanup_free char *text = NULL;
      cinch_error_t err = NULL;
      size_t len = 0;

      /* Read a little past the parser's limit so that the size check is
       * exercised too.  */
      if (cinch_read_file (argv[i], CINCH_CONFIG_MAX_SIZE + 1, &text, &len, &err) < 0)
        {
          fprintf (stderr, "fuzz_parse: %s\n", cinch_error_msg (err));
          cinch_error_free (&err);
          failed = 1;
          continue;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) text, len);
    }
  if (!failed)
    printf ("fuzz_parse: %d input(s) replayed\n", argc - 1);
  return failed;
}
#endif
