/* Fuzz target for the config.json parser, and for what is built on it:
 * every plan the parser accepts must survive parse -> emit -> parse -> emit
 * unchanged (the effective config `cinch check --print-effective` prints
 * and `exec` reads back), and whatever the hardened and strict policies let
 * run must emit a config that parses again.  A violation aborts.  The
 * pure cgroup layer runs on every accepted plan too: linux.resources
 * converted to cgroup v2 files (every write a plain file name, a value
 * without a newline) and the device rules compiled to an eBPF program; the
 * same bytes are also fed to `update --resources` (cinch_resources_parse). 
 *
 * Built with -fsanitize=fuzzer (and -DFUZZING_LIBFUZZER) it is a libFuzzer
 * target; in a build directory configured with
 *   CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link" configure --enable-sanitizers
 * after `make libcinch.a libcinch_default.a`:
 *   clang -fsanitize=fuzzer,address,undefined -DFUZZING_LIBFUZZER \
 *     -D_GNU_SOURCE -iquote SRC/runtime -iquote SRC/hooks -I. SRC/tests/fuzz_parse.c \
 *     libcinch.a libcinch_default.a \
 *     $(pkg-config --libs jansson libseccomp libcap-ng libmnl) -o fuzz_parse
 *   ./fuzz_parse -max_len=65536 tests/fuzz-corpus
 * Otherwise it replays each file named on the command line (make
 * fuzz-smoke), so the corpus doubles as a regression test.  */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "cgroup.h"
#include "cgroup_devices.h"
#include "emit.h"
#include "plan.h"
#include "policy.h"
#include "util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
must (bool ok, const char *what, const char *detail)
{
  if (ok)
    return;
  fprintf (stderr, "fuzz_parse: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort ();
}

/* text must parse, and emit back to itself.  */
static void
round_trip (const char *text)
{
  struct cinch_plan *again = NULL;
  cinch_error_t err = NULL;
  char *text2;

  if (cinch_plan_parse (text, strlen (text), "/bundle", &again, &err) < 0)
    must (false, "an emitted config does not parse", cinch_error_msg (err));
  text2 = cinch_plan_emit (again);
  must (strcmp (text, text2) == 0, "parse -> emit is not stable", NULL);
  free (text2);
  cinch_plan_free (again);
}

/* The effective plan of every profile that lets it run is a valid config. */
static void
check_policies (const char *text)
{
  for (int prof = CINCH_PROFILE_HARDENED; prof <= CINCH_PROFILE_STRICT; prof++)
    {
      struct cinch_plan *plan = NULL;
      struct cinch_policy pol;
      struct cinch_findings f = { 0 };
      cinch_error_t err = NULL;

      if (cinch_plan_parse (text, strlen (text), "/bundle", &plan, &err) < 0)
        must (false, "an emitted config does not parse", cinch_error_msg (err));
      cinch_policy_init (&pol);
      pol.profile = (enum cinch_profile) prof;
      if (cinch_policy_apply (plan, &pol, NULL, &f) == 0)
        {
          char *eff = cinch_plan_emit (plan);
          round_trip (eff);
          free (eff);
        }
      cinch_findings_clear (&f);
      cinch_policy_clear (&pol);
      cinch_plan_free (plan);
    }
}

/* The cgroup layer's pure parts accept or refuse, never crash, and what
 * they produce is safe to write.  */
static void
check_cgroup (const struct cinch_plan *plan)
{
  const struct cinch_linux *lx = &plan->linux_;
  struct cinch_cgroup_writes w = { 0 };
  struct bpf_insn *prog = NULL;
  size_t n = 0;
  cinch_error_t err = NULL;

  if (cinch_cgroup_convert (&lx->res, "linux.resources", &w, &err) == 0)
    {
      for (size_t i = 0; i < w.n; i++)
        {
          must (w.v[i].file[0] != '\0' && strchr (w.v[i].file, '/') == NULL
                    && strcmp (w.v[i].file, "..") != 0,
                "a cgroup file is not a plain name", w.v[i].file);
          must (strchr (w.v[i].value, '\n') == NULL, "a cgroup value holds a newline",
                w.v[i].file);
        }
      cinch_cgroup_writes_clear (&w);
    }
  else
    cinch_error_free (&err);
  if (cinch_devices_compile (lx->devices, lx->n_devices, lx->res.device_rules,
                             lx->res.n_device_rules, &prog, &n, &err)
      == 0)
    free (prog);
  else
    cinch_error_free (&err);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct cinch_plan *plan = NULL;
  struct cinch_process proc;
  cinch_error_t err = NULL;

  if (cinch_plan_parse ((const char *) data, size, "/bundle", &plan, &err) == 0)
    {
      char *text = cinch_plan_emit (plan);
      check_cgroup (plan);
      cinch_plan_free (plan);
      round_trip (text);
      check_policies (text);
      free (text);
    }
  else
    cinch_error_free (&err);

  /* The same bytes as an `update --resources` document.  */
  {
    struct cinch_resources res = { 0 };
    if (cinch_resources_parse ((const char *) data, size, &res, &err) == 0)
      {
        struct cinch_cgroup_writes w = { 0 };
        if (cinch_cgroup_convert (&res, "", &w, &err) == 0)
          cinch_cgroup_writes_clear (&w);
        else
          cinch_error_free (&err);
        cinch_resources_clear (&res);
      }
    else
      cinch_error_free (&err);
  }

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
