/* Unit tests for runtime/parse.c: every field of config.json into the plan,
 * and every error path with its exact message and JSON path.
 *
 * Configs are built from a minimal valid one with one or more members
 * replaced (cfg("process.user.uid", "-1")), so each test shows only what
 * it is about.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plan.h"
#include "util.h"

#define BUNDLE "/bundle"

static const char minimal[] = "{\"ociVersion\": \"1.2.0\","
                              " \"root\": {\"path\": \"rootfs\"},"
                              " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"],"
                              " \"user\": {\"uid\": 0, \"gid\": 0}}}";

/* ------------------------------------------------------------------ */
/* Helpers.  */

/* Set (value != NULL) or remove (value == NULL) the member at a dotted
 * path of obj, creating intermediate objects.  */
static void
set_path (json_t *obj, const char *path, const char *value)
{
  char *copy = strdup (path);
  char *key = copy, *dot;
  json_t *cur = obj;

  while ((dot = strchr (key, '.')) != NULL)
    {
      json_t *next;
      *dot = '\0';
      next = json_object_get (cur, key);
      if (next == NULL || !json_is_object (next))
        {
          next = json_object ();
          json_object_set_new (cur, key, next);
        }
      cur = next;
      key = dot + 1;
    }
  if (value == NULL)
    json_object_del (cur, key);
  else
    {
      json_error_t je;
      json_t *v = json_loads (value, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
      if (v == NULL)
        fail_msg ("bad test JSON for %s: %s: %s", path, value, je.text);
      json_object_set_new (cur, key, v);
    }
  free (copy);
}

/* The minimal config with (path, value) pairs applied; NULL-terminated.  */
static char *
cfgv (const char *path, va_list ap)
{
  json_error_t je;
  json_t *root = json_loads (minimal, 0, &je);
  char *out;

  assert_non_null (root);
  while (path != NULL)
    {
      const char *value = va_arg (ap, const char *);
      set_path (root, path, value);
      path = va_arg (ap, const char *);
    }
  out = json_dumps (root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref (root);
  return out;
}

static char *
cfg (const char *path, ...)
{
  va_list ap;
  char *r;
  va_start (ap, path);
  r = cfgv (path, ap);
  va_end (ap);
  return r;
}

static struct cinch_plan *
parse_text_ok (const char *text)
{
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;

  if (cinch_plan_parse (text, strlen (text), BUNDLE, &plan, &err) < 0)
    fail_msg ("unexpected error: %s\nconfig: %s", cinch_error_msg (err), text);
  assert_non_null (plan);
  assert_non_null (plan->warnings);
  return plan;
}

static void
parse_text_err (const char *text, const char *msg)
{
  struct cinch_plan *plan = (struct cinch_plan *) 0x1;
  cinch_error_t err = NULL;

  if (cinch_plan_parse (text, strlen (text), BUNDLE, &plan, &err) == 0)
    fail_msg ("expected error \"%s\", parse succeeded\nconfig: %s", msg, text);
  assert_non_null (err);
  /* outputs are not touched on failure */
  assert_ptr_equal (plan, (struct cinch_plan *) 0x1);
  if (strcmp (cinch_error_msg (err), msg) != 0)
    fail_msg ("expected error \"%s\"\n     got error \"%s\"\nconfig: %s", msg,
              cinch_error_msg (err), text);
  cinch_error_free (&err);
}

/* ok ("path", "value", ..., NULL): parse the modified minimal config.  */
static struct cinch_plan *
ok (const char *path, ...)
{
  va_list ap;
  char *text;
  struct cinch_plan *plan;

  va_start (ap, path);
  text = cfgv (path, ap);
  va_end (ap);
  plan = parse_text_ok (text);
  free (text);
  return plan;
}

/* bad ("message", "path", "value", ..., NULL).  */
static void
bad (const char *msg, const char *path, ...)
{
  va_list ap;
  char *text;

  va_start (ap, path);
  text = cfgv (path, ap);
  va_end (ap);
  parse_text_err (text, msg);
  free (text);
}

static size_t
n_warnings (const struct cinch_plan *p)
{
  return cinch_strv_len (p->warnings);
}

/* ------------------------------------------------------------------ */
/* Top level.  */

static void
test_minimal (void **state)
{
  struct cinch_plan *p = parse_text_ok (minimal);
  (void) state;
  assert_string_equal (p->oci_version, "1.2.0");
  assert_string_equal (p->bundle, "/bundle");
  assert_string_equal (p->root_path, "/bundle/rootfs");
  assert_false (p->root_readonly);
  assert_true (p->has_process);
  assert_string_equal (p->process.args[0], "sh");
  assert_null (p->process.args[1]);
  assert_string_equal (p->process.cwd, "/");
  assert_int_equal (p->process.uid, 0);
  assert_int_equal (p->process.gid, 0);
  assert_non_null (p->process.env);
  assert_null (p->process.env[0]);
  assert_false (p->process.has_capabilities);
  assert_false (p->process.has_umask);
  assert_false (p->process.has_oom_score_adj);
  assert_false (p->process.has_scheduler);
  assert_false (p->process.has_io_priority);
  assert_false (p->process.terminal);
  assert_int_equal (p->process.n_rlimits, 0);
  assert_int_equal (p->n_mounts, 0);
  assert_int_equal (p->n_annotations, 0);
  assert_false (p->has_hostname);
  assert_false (p->has_domainname);
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    assert_int_equal (p->hooks.count[k], 0);
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    assert_false (p->linux_.ns[i].present);
  assert_non_null (p->linux_.masked_paths);
  assert_null (p->linux_.masked_paths[0]);
  assert_non_null (p->linux_.readonly_paths);
  assert_null (p->linux_.readonly_paths[0]);
  assert_null (p->linux_.seccomp);
  assert_false (p->linux_.res.present);
  assert_false (p->linux_.has_personality);
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
}

static void
test_oci_version (void **state)
{
  (void) state;
  cinch_plan_free (ok ("ociVersion", "\"1.0.0\"", NULL));
  cinch_plan_free (ok ("ociVersion", "\"1.0.2-dev\"", NULL));
  cinch_plan_free (ok ("ociVersion", "\"1.1.0-rc.1+build\"", NULL));
  bad ("ociVersion: required", "ociVersion", NULL, NULL);
  bad ("ociVersion: required", "ociVersion", "null", NULL);
  bad ("ociVersion: expected a string", "ociVersion", "1", NULL);
  bad ("ociVersion: unsupported version \"2.0.0\" (cinch implements 1.x)", "ociVersion",
       "\"2.0.0\"", NULL);
  bad ("ociVersion: unsupported version \"0.5.0-dev\" (cinch implements 1.x)", "ociVersion",
       "\"0.5.0-dev\"", NULL);
  bad ("ociVersion: unsupported version \"10.0.0\" (cinch implements 1.x)", "ociVersion",
       "\"10.0.0\"", NULL);
  bad ("ociVersion: unsupported version \"\" (cinch implements 1.x)", "ociVersion", "\"\"", NULL);
  bad ("ociVersion: unsupported version \"1\" (cinch implements 1.x)", "ociVersion", "\"1\"", NULL);
}

static void
test_invalid_json (void **state)
{
  (void) state;
  parse_text_err ("{\n\"a\": 1,\n    x\n}",
                  "config.json: invalid JSON at line 3 column 5: string or '}' expected near 'x'");
  parse_text_err (
      "{\"a\":1,\"a\":2}",
      "config.json: invalid JSON at line 1 column 10: duplicate object key near '\"a\"'");
  parse_text_err ("", "config.json: invalid JSON at line 1 column 0: '[' or '{' expected near end "
                      "of file");
  parse_text_err ("{\"ociVersion\": \"1.0.0\"} x",
                  "config.json: invalid JSON at line 1 column 25: end of file expected near 'x'");
  parse_text_err ("[1, 2]", "config.json: expected a JSON object");
  parse_text_err ("{\"a\\u0000\": 1}", "config.json: invalid JSON at line 1 column 10: NUL byte "
                                       "in object key not supported near '\"a\\u0000\"'");
}

static void
test_invalid_json_embedded_nul (void **state)
{
  static const char text[] = "{\"ociVersion\": \"1.0.0\"\0}";
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  (void) state;
  assert_int_equal (cinch_plan_parse (text, sizeof (text) - 1, BUNDLE, &plan, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "config.json: invalid JSON at line 1"));
  assert_null (plan);
  cinch_error_free (&err);
}

static void
test_length_not_nul_terminated (void **state)
{
  /* only len bytes are read: trailing garbage past len is ignored */
  char *text = cinch_xasprintf ("%sGARBAGE", minimal);
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  (void) state;
  assert_int_equal (cinch_plan_parse (text, strlen (minimal), BUNDLE, &plan, &err), 0);
  cinch_plan_free (plan);
  free (text);
}

static void
test_bad_arguments (void **state)
{
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  (void) state;
  assert_int_equal (cinch_plan_parse (minimal, strlen (minimal), "bundle", &plan, &err), -1);
  assert_string_equal (cinch_error_msg (err), "bundle directory `bundle` is not an absolute path");
  cinch_error_free (&err);
  assert_int_equal (cinch_plan_parse (minimal, strlen (minimal), NULL, &plan, &err), -1);
  cinch_error_free (&err);
  assert_int_equal (cinch_plan_parse (NULL, 0, BUNDLE, &plan, &err), -1);
  assert_string_equal (cinch_error_msg (err), "config.json: no input");
  cinch_error_free (&err);
  assert_null (plan);
  /* the bundle is cleaned */
  assert_int_equal (cinch_plan_parse (minimal, strlen (minimal), "/b//x/", &plan, &err), 0);
  assert_string_equal (plan->bundle, "/b/x");
  assert_string_equal (plan->root_path, "/b/x/rootfs");
  cinch_plan_free (plan);
}

static void
test_size_limit (void **state)
{
  size_t len = CINCH_CONFIG_MAX_SIZE;
  char *text = malloc (len + 2);
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;
  (void) state;

  /* exactly the limit: fine */
  memset (text, ' ', len + 1);
  memcpy (text, minimal, strlen (minimal));
  text[len + 1] = '\0';
  assert_int_equal (cinch_plan_parse (text, len, BUNDLE, &plan, &err), 0);
  cinch_plan_free (plan);
  plan = NULL;
  /* one byte more: refused before parsing */
  assert_int_equal (cinch_plan_parse (text, len + 1, BUNDLE, &plan, &err), -1);
  assert_string_equal (cinch_error_msg (err), "config.json: larger than 4194304 bytes");
  assert_null (plan);
  cinch_error_free (&err);
  free (text);
}

/* {"ociVersion"..., "x": [[[...]]]} with `levels` arrays.  */
static char *
nested (int levels, char open, char close)
{
  size_t base = strlen (minimal);
  char *text = malloc (base + 2 * (size_t) levels + 16);
  size_t o = base - 1;
  memcpy (text, minimal, base - 1);
  o += (size_t) sprintf (text + o, ", \"x\": ");
  for (int i = 0; i < levels; i++)
    text[o++] = open;
  for (int i = 0; i < levels; i++)
    text[o++] = close;
  text[o++] = '}';
  text[o] = '\0';
  return text;
}

static void
test_depth_limit (void **state)
{
  char *text;
  struct cinch_plan *p;
  (void) state;
  /* the top-level object is level 1 */
  text = nested (CINCH_CONFIG_MAX_DEPTH - 1, '[', ']');
  p = parse_text_ok (text);
  cinch_plan_free (p);
  free (text);
  text = nested (CINCH_CONFIG_MAX_DEPTH, '[', ']');
  parse_text_err (text, "config.json: nested deeper than 64 levels");
  free (text);
  /* far beyond jansson's own limit: still our clean error */
  text = nested (100000, '[', ']');
  parse_text_err (text, "config.json: nested deeper than 64 levels");
  free (text);
  text = nested (CINCH_CONFIG_MAX_DEPTH, '{', '}');
  parse_text_err (text, "config.json: nested deeper than 64 levels");
  free (text);
  /* brackets inside strings do not count */
  {
    char big[300];
    memset (big, '[', 200);
    big[200] = '\0';
    text = cinch_xasprintf ("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"r\"}, \"x\": "
                            "\"%s\\\"[{\"}",
                            big);
    p = parse_text_ok (text);
    cinch_plan_free (p);
    free (text);
  }
}

static void
test_unknown_fields_ignored (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("foo", "{\"bar\": [1, 2, {\"baz\": null}]}", "process.somethingNew", "true",
          "process.user.username", "\"root\"", "process.commandLine", "\"cmd.exe\"",
          "linux.memoryPolicy", "{\"mode\": \"MPOL_BIND\"}", "linux.somethingElse", "42",
          "root.extra", "\"x\"", "platform", "{\"os\": \"linux\", \"arch\": \"amd64\"}", "windows",
          "{}", "mounts", "[{\"destination\": \"/x\", \"type\": \"tmpfs\", \"unknown\": 1}]", NULL);
  assert_int_equal (n_warnings (p), 0);
  assert_int_equal (p->n_mounts, 1);
  cinch_plan_free (p);
}

static void
test_null_means_absent (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process", "null", "linux", "null", "hostname", "null", "mounts", "null", NULL);
  assert_false (p->has_process);
  assert_false (p->has_hostname);
  assert_int_equal (p->n_mounts, 0);
  assert_non_null (p->linux_.masked_paths);
  cinch_plan_free (p);
  bad ("root: required", "root", "null", NULL);
}

/* ------------------------------------------------------------------ */
/* root  */

static void
test_root (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("root", "{\"path\": \"/var/lib/c/rootfs/\", \"readonly\": true}", NULL);
  assert_string_equal (p->root_path, "/var/lib/c/rootfs");
  assert_true (p->root_readonly);
  cinch_plan_free (p);
  p = ok ("root.path", "\"./rootfs//x/.\"", NULL);
  assert_string_equal (p->root_path, "/bundle/rootfs/x");
  cinch_plan_free (p);
  /* host paths keep ".." for the kernel to resolve */
  p = ok ("root.path", "\"../rootfs\"", NULL);
  assert_string_equal (p->root_path, "/bundle/../rootfs");
  cinch_plan_free (p);
}

static void
test_root_errors (void **state)
{
  (void) state;
  bad ("root: required", "root", NULL, NULL);
  bad ("root: expected an object", "root", "\"rootfs\"", NULL);
  bad ("root.path: required", "root", "{}", NULL);
  bad ("root.path: expected a string", "root.path", "[]", NULL);
  bad ("root.path: must not be empty", "root.path", "\"\"", NULL);
  bad ("root.readonly: expected a boolean", "root.readonly", "\"yes\"", NULL);
  bad ("root.readonly: expected a boolean", "root.readonly", "1", NULL);
  bad ("root.path: string contains a NUL byte", "root.path", "\"a\\u0000b\"", NULL);
}

/* ------------------------------------------------------------------ */
/* mounts  */

static void
test_mounts (void **state)
{
  struct cinch_plan *p;
  struct cinch_mount *m;
  (void) state;
  p = ok ("mounts",
          "[{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
          "  \"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"]},"
          " {\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/volumes/testing\","
          "  \"options\": [\"rbind\", \"rw\"]},"
          " {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
          " {\"destination\": \"/rel\", \"source\": \"data/x\", \"options\": [\"bind\", \"ro\"]}]",
          NULL);
  assert_int_equal (p->n_mounts, 4);
  m = &p->mounts[0];
  assert_string_equal (m->destination, "/dev");
  assert_string_equal (m->type, "tmpfs");
  assert_string_equal (m->source, "tmpfs");
  assert_string_equal (m->options[0], "nosuid");
  assert_string_equal (m->options[3], "size=65536k");
  assert_null (m->options[4]);
  assert_false (m->bind);
  assert_int_equal (m->attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME);
  assert_int_equal (m->attr_clr, MOUNT_ATTR__ATIME);
  assert_string_equal (m->data, "mode=755,size=65536k");
  m = &p->mounts[1];
  assert_true (m->bind);
  assert_true (m->recursive);
  assert_string_equal (m->source, "/volumes/testing");
  assert_int_equal (m->attr_clr, MOUNT_ATTR_RDONLY);
  m = &p->mounts[2];
  assert_non_null (m->options);
  assert_null (m->options[0]);
  assert_null (m->data);
  m = &p->mounts[3];
  assert_null (m->type);
  assert_true (m->bind);
  assert_false (m->recursive);
  /* relative bind sources are relative to the bundle */
  assert_string_equal (m->source, "/bundle/data/x");
  assert_int_equal (m->attr_set, MOUNT_ATTR_RDONLY);
  cinch_plan_free (p);
}

static void
test_mount_destination_cleaned (void **state)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "/a//b/./c/", "/a/b/c" },
    { "/../../etc", "/etc" },
    { "/a/../../b", "/b" },
    { "/", "/" },
    { "//", "/" },
    { "/a/b/..", "/a" },
    { "/..", "/" },
    { "/a/.../b", "/a/.../b" },
    { "/a/..b/c", "/a/..b/c" },
  };
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      char *v = cinch_xasprintf ("[{\"destination\": \"%s\", \"type\": \"tmpfs\"}]", cases[i].in);
      struct cinch_plan *p = ok ("mounts", v, NULL);
      assert_string_equal (p->mounts[0].destination, cases[i].out);
      cinch_plan_free (p);
      free (v);
    }
}

static void
test_mount_errors (void **state)
{
  (void) state;
  bad ("mounts: expected an array", "mounts", "{}", NULL);
  bad ("mounts[0]: expected an object", "mounts", "[\"/proc\"]", NULL);
  bad ("mounts[0].destination: required", "mounts", "[{\"type\": \"tmpfs\"}]", NULL);
  bad ("mounts[1].destination: \"proc\" is not an absolute path", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"tmpfs\"}, {\"destination\": \"proc\", \"type\": "
       "\"proc\"}]",
       NULL);
  bad ("mounts[0].destination: \"\" is not an absolute path", "mounts",
       "[{\"destination\": \"\", \"type\": \"tmpfs\"}]", NULL);
  bad ("mounts[0].type: expected a string", "mounts", "[{\"destination\": \"/a\", \"type\": 1}]",
       NULL);
  bad ("mounts[0].type: required", "mounts", "[{\"destination\": \"/a\", \"source\": \"x\"}]",
       NULL);
  bad ("mounts[0].source: required for a bind mount", "mounts",
       "[{\"destination\": \"/a\", \"options\": [\"rbind\"]}]", NULL);
  bad ("mounts[0].source: required for a bind mount", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"bind\", \"source\": \"\"}]", NULL);
  bad ("mounts[0].source: expected a string", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"bind\", \"source\": false}]", NULL);
  bad ("mounts[0].options: expected an array", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": \"ro\"}]", NULL);
  bad ("mounts[0].options[1]: expected a string", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"ro\", 1]}]", NULL);
  bad ("mounts[1].options[1]: empty mount option", "mounts",
       "[{\"destination\": \"/a\", \"type\": \"tmpfs\"},"
       " {\"destination\": \"/b\", \"type\": \"tmpfs\", \"options\": [\"ro\", \"\"]}]",
       NULL);
  bad ("mounts[0].options[0]: \"idmap\" id-mapped mounts are only supported for bind mounts",
       "mounts", "[{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"idmap\"]}]",
       NULL);
}

static void
test_mount_idmap (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("mounts",
          "[{\"destination\": \"/a\", \"source\": \"/src\", \"options\": [\"rbind\", \"ridmap\"],"
          "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}],"
          "  \"gidMappings\": [{\"containerID\": 0, \"hostID\": 200000, \"size\": 1},"
          "                   {\"containerID\": 1, \"hostID\": 300000, \"size\": 10}]}]",
          NULL);
  assert_true (p->mounts[0].ridmap);
  assert_int_equal (p->mounts[0].n_uid_mappings, 1);
  assert_int_equal (p->mounts[0].uid_mappings[0].host_id, 100000);
  assert_int_equal (p->mounts[0].uid_mappings[0].size, 65536);
  assert_int_equal (p->mounts[0].n_gid_mappings, 2);
  assert_int_equal (p->mounts[0].gid_mappings[1].container_id, 1);
  assert_int_equal (p->mounts[0].gid_mappings[1].host_id, 300000);
  cinch_plan_free (p);
  /* idmap without explicit mappings: the container's user namespace */
  p = ok ("mounts",
          "[{\"destination\": \"/a\", \"source\": \"/src\", \"type\": \"bind\","
          " \"options\": [\"idmap\"]}]",
          NULL);
  assert_true (p->mounts[0].idmap);
  assert_int_equal (p->mounts[0].n_uid_mappings, 0);
  cinch_plan_free (p);
}

static void
test_mount_idmap_errors (void **state)
{
  (void) state;
  bad ("mounts[0].uidMappings: needs the \"idmap\" or \"ridmap\" option", "mounts",
       "[{\"destination\": \"/a\", \"source\": \"/src\", \"options\": [\"bind\"],"
       "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}],"
       "  \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}]",
       NULL);
  bad ("mounts[0]: uidMappings and gidMappings must be given together", "mounts",
       "[{\"destination\": \"/a\", \"source\": \"/src\", \"options\": [\"bind\", \"idmap\"],"
       "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}]",
       NULL);
  bad ("mounts[0].gidMappings[0].size: required", "mounts",
       "[{\"destination\": \"/a\", \"source\": \"/src\", \"options\": [\"bind\", \"idmap\"],"
       "  \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1}]}]",
       NULL);
  bad ("mounts[0].uidMappings[0]: size must be greater than zero", "mounts",
       "[{\"destination\": \"/a\", \"source\": \"/src\", \"options\": [\"bind\", \"idmap\"],"
       "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 0}]}]",
       NULL);
}

/* ------------------------------------------------------------------ */
/* process  */

static void
test_process_absent (void **state)
{
  struct cinch_plan *p = ok ("process", NULL, NULL);
  (void) state;
  assert_false (p->has_process);
  assert_null (p->process.args);
  cinch_plan_free (p);
}

static void
test_process_fields (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process",
          "{\"terminal\": true, \"consoleSize\": {\"height\": 24, \"width\": 80},"
          " \"user\": {\"uid\": 1000, \"gid\": 100, \"umask\": 18,"
          "          \"additionalGids\": [5, 6, 4294967295]},"
          " \"args\": [\"/bin/sh\", \"-c\", \"echo hi\"],"
          " \"env\": [\"PATH=/usr/bin:/bin\", \"TERM=xterm\", \"EMPTY=\", \"A=b=c\"],"
          " \"cwd\": \"/home//user/./x/../\","
          " \"noNewPrivileges\": true,"
          " \"apparmorProfile\": \"acme_secure_profile\","
          " \"selinuxLabel\": \"system_u:system_r:svirt_lxc_net_t:s0:c124,c675\","
          " \"oomScoreAdj\": -999}",
          NULL);
  assert_true (p->process.terminal);
  assert_true (p->process.has_console_size);
  assert_int_equal (p->process.console_height, 24);
  assert_int_equal (p->process.console_width, 80);
  assert_int_equal (p->process.uid, 1000);
  assert_int_equal (p->process.gid, 100);
  assert_true (p->process.has_umask);
  assert_int_equal (p->process.umask, 022);
  assert_int_equal (p->process.n_additional_gids, 3);
  assert_int_equal (p->process.additional_gids[0], 5);
  assert_int_equal (p->process.additional_gids[2], 4294967295u);
  assert_string_equal (p->process.args[2], "echo hi");
  assert_null (p->process.args[3]);
  assert_string_equal (p->process.env[0], "PATH=/usr/bin:/bin");
  assert_string_equal (p->process.env[3], "A=b=c");
  assert_null (p->process.env[4]);
  assert_string_equal (p->process.cwd, "/home/user");
  assert_true (p->process.no_new_privileges);
  assert_string_equal (p->process.apparmor_profile, "acme_secure_profile");
  assert_string_equal (p->process.selinux_label, "system_u:system_r:svirt_lxc_net_t:s0:c124,c675");
  assert_true (p->process.has_oom_score_adj);
  assert_int_equal (p->process.oom_score_adj, -999);
  cinch_plan_free (p);
  /* "" means absent for the LSM labels */
  p = ok ("process.apparmorProfile", "\"\"", "process.selinuxLabel", "\"\"", NULL);
  assert_null (p->process.apparmor_profile);
  assert_null (p->process.selinux_label);
  cinch_plan_free (p);
  p = ok ("process.oomScoreAdj", "1000", NULL);
  assert_int_equal (p->process.oom_score_adj, 1000);
  cinch_plan_free (p);
  p = ok ("process.oomScoreAdj", "-1000", NULL);
  assert_int_equal (p->process.oom_score_adj, -1000);
  cinch_plan_free (p);
}

static void
test_process_errors (void **state)
{
  (void) state;
  bad ("process: expected an object", "process", "[]", NULL);
  bad ("process.args: required", "process.args", NULL, NULL);
  bad ("process.args: expected an array", "process.args", "\"sh\"", NULL);
  bad ("process.args: must not be empty", "process.args", "[]", NULL);
  bad ("process.args[0]: must not be empty", "process.args", "[\"\", \"x\"]", NULL);
  bad ("process.args[1]: expected a string", "process.args", "[\"sh\", 1]", NULL);
  bad ("process.args[0]: expected a string", "process.args", "[null]", NULL);
  bad ("process.cwd: required", "process.cwd", NULL, NULL);
  bad ("process.cwd: \"tmp\" is not an absolute path", "process.cwd", "\"tmp\"", NULL);
  bad ("process.cwd: expected a string", "process.cwd", "7", NULL);
  bad ("process.env: expected an array", "process.env", "{}", NULL);
  bad ("process.env[1]: \"FOO\" is not of the form KEY=value", "process.env", "[\"A=1\", \"FOO\"]",
       NULL);
  bad ("process.env[0]: \"=x\" is not of the form KEY=value", "process.env", "[\"=x\"]", NULL);
  bad ("process.env[0]: string contains a NUL byte", "process.env", "[\"A=\\u0000\"]", NULL);
  bad ("process.terminal: expected a boolean", "process.terminal", "\"true\"", NULL);
  bad ("process.noNewPrivileges: expected a boolean", "process.noNewPrivileges", "1", NULL);
  bad ("process.apparmorProfile: expected a string", "process.apparmorProfile", "{}", NULL);
  bad ("process.oomScoreAdj: 1001 is out of range (-1000..1000)", "process.oomScoreAdj", "1001",
       NULL);
  bad ("process.oomScoreAdj: -1001 is out of range (-1000..1000)", "process.oomScoreAdj", "-1001",
       NULL);
  bad ("process.oomScoreAdj: expected an integer", "process.oomScoreAdj", "1.5", NULL);
  bad ("process.consoleSize: expected an object", "process.consoleSize", "80", NULL);
  bad ("process.consoleSize.width: required", "process.consoleSize", "{\"height\": 1}", NULL);
  bad ("process.consoleSize.height: 70000 is out of range (0..65535)", "process.consoleSize",
       "{\"height\": 70000, \"width\": 1}", NULL);
}

static void
test_user_errors (void **state)
{
  (void) state;
  bad ("process.user: required", "process.user", NULL, NULL);
  bad ("process.user: expected an object", "process.user", "0", NULL);
  bad ("process.user.uid: required", "process.user", "{\"gid\": 0}", NULL);
  bad ("process.user.gid: required", "process.user", "{\"uid\": 0}", NULL);
  bad ("process.user.uid: expected an unsigned integer", "process.user.uid", "-1", NULL);
  bad ("process.user.uid: expected an unsigned integer", "process.user.uid", "1.0", NULL);
  bad ("process.user.uid: expected an unsigned integer", "process.user.uid", "\"0\"", NULL);
  bad ("process.user.uid: expected an unsigned integer", "process.user.uid", "true", NULL);
  bad ("process.user.uid: 4294967296 is out of range (0..4294967295)", "process.user.uid",
       "4294967296", NULL);
  bad ("process.user.gid: 9223372036854775807 is out of range (0..4294967295)", "process.user.gid",
       "9223372036854775807", NULL);
  bad ("process.user.umask: 01000 is not a file mode creation mask (0..0777)", "process.user.umask",
       "512", NULL);
  bad ("process.user.additionalGids: expected an array", "process.user.additionalGids", "5", NULL);
  bad ("process.user.additionalGids[1]: expected an unsigned integer",
       "process.user.additionalGids", "[1, -5]", NULL);
}

static void
test_capabilities (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.capabilities",
          "{\"bounding\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\","
          "               \"CAP_CHECKPOINT_RESTORE\"],"
          " \"effective\": [\"CAP_KILL\"],"
          " \"inheritable\": [],"
          " \"permitted\": [\"CAP_KILL\", \"CAP_SYS_ADMIN\"],"
          " \"ambient\": [\"CAP_NET_BIND_SERVICE\"]}",
          NULL);
  assert_true (p->process.has_capabilities);
  assert_int_equal (p->process.caps[CINCH_CAP_BOUNDING], (UINT64_C (1) << 29) | (UINT64_C (1) << 5)
                                                             | (UINT64_C (1) << 10)
                                                             | (UINT64_C (1) << 40));
  assert_int_equal (p->process.caps[CINCH_CAP_EFFECTIVE], UINT64_C (1) << 5);
  assert_int_equal (p->process.caps[CINCH_CAP_INHERITABLE], 0);
  assert_int_equal (p->process.caps[CINCH_CAP_PERMITTED],
                    (UINT64_C (1) << 5) | (UINT64_C (1) << 21));
  assert_int_equal (p->process.caps[CINCH_CAP_AMBIENT], UINT64_C (1) << 10);
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
  /* an empty object: capabilities given, all sets empty */
  p = ok ("process.capabilities", "{}", NULL);
  assert_true (p->process.has_capabilities);
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    assert_int_equal (p->process.caps[s], 0);
  cinch_plan_free (p);
}

static void
test_capabilities_unknown_warns (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.capabilities",
          "{\"bounding\": [\"CAP_KILL\", \"CAP_FOO\"], \"ambient\": [\"CAP_BAR\\u001b\"]}", NULL);
  assert_int_equal (p->process.caps[CINCH_CAP_BOUNDING], UINT64_C (1) << 5);
  assert_int_equal (p->process.caps[CINCH_CAP_AMBIENT], 0);
  assert_int_equal (n_warnings (p), 2);
  assert_string_equal (p->warnings[0],
                       "process.capabilities.bounding[1]: unknown capability \"CAP_FOO\", skipped");
  assert_string_equal (p->warnings[1], "process.capabilities.ambient[0]: unknown capability "
                                       "\"CAP_BAR\\x1b\", skipped");
  cinch_plan_free (p);
}

static void
test_capabilities_errors (void **state)
{
  (void) state;
  bad ("process.capabilities: expected an object", "process.capabilities", "[\"CAP_KILL\"]", NULL);
  bad ("process.capabilities.effective: expected an array", "process.capabilities",
       "{\"effective\": \"CAP_KILL\"}", NULL);
  bad ("process.capabilities.permitted[0]: expected a string", "process.capabilities",
       "{\"permitted\": [5]}", NULL);
}

static void
test_rlimits (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.rlimits",
          "[{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1024, \"hard\": 4096},"
          " {\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0},"
          " {\"type\": \"RLIMIT_NPROC\", \"soft\": 9223372036854775807, \"hard\": "
          "9223372036854775807}]",
          NULL);
  assert_int_equal (p->process.n_rlimits, 3);
  assert_int_equal (p->process.rlimits[0].resource, RLIMIT_NOFILE);
  assert_int_equal (p->process.rlimits[0].soft, 1024);
  assert_int_equal (p->process.rlimits[0].hard, 4096);
  assert_int_equal (p->process.rlimits[1].resource, RLIMIT_CORE);
  assert_int_equal (p->process.rlimits[2].hard, INT64_MAX);
  cinch_plan_free (p);
}

static void
test_rlimits_errors (void **state)
{
  (void) state;
  bad ("process.rlimits: expected an array", "process.rlimits", "{}", NULL);
  bad ("process.rlimits[0]: expected an object", "process.rlimits", "[1]", NULL);
  bad ("process.rlimits[0].type: required", "process.rlimits", "[{\"soft\": 1, \"hard\": 1}]",
       NULL);
  bad ("process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"", "process.rlimits",
       "[{\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": 1}]", NULL);
  bad ("process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\"", "process.rlimits",
       "[{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1},"
       " {\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]",
       NULL);
  bad ("process.rlimits[0].soft: required", "process.rlimits",
       "[{\"type\": \"RLIMIT_CPU\", \"hard\": 1}]", NULL);
  bad ("process.rlimits[0].hard: required", "process.rlimits",
       "[{\"type\": \"RLIMIT_CPU\", \"soft\": 1}]", NULL);
  bad ("process.rlimits[1].hard: expected an unsigned integer", "process.rlimits",
       "[{\"type\": \"RLIMIT_CPU\", \"soft\": 1, \"hard\": 1},"
       " {\"type\": \"RLIMIT_AS\", \"soft\": 1, \"hard\": -1}]",
       NULL);
  bad ("process.rlimits[0].soft: expected an unsigned integer", "process.rlimits",
       "[{\"type\": \"RLIMIT_CPU\", \"soft\": 1.5, \"hard\": 2}]", NULL);
  bad ("process.rlimits[0]: soft limit 10 is greater than hard limit 5", "process.rlimits",
       "[{\"type\": \"RLIMIT_CPU\", \"soft\": 10, \"hard\": 5}]", NULL);
}

/* Raw text: jansson (used to build the other configs) cannot hold these.  */
static void
test_big_unsigned_integers (void **state)
{
  struct cinch_plan *p;
  char *text;
  (void) state;
  p = parse_text_ok (
      "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"r\"},"
      " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": 0},"
      "   \"env\": [\"A=18446744073709551615\"],"
      "   \"rlimits\": [{\"type\": \"RLIMIT_MEMLOCK\", \"soft\": 18446744073709551615,"
      "                  \"hard\":18446744073709551615},"
      "                 {\"type\": \"RLIMIT_AS\", \"soft\": 9223372036854775808, \"hard\": "
      "9223372036854775808}]},"
      " \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\":"
      "   [\"ioctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": "
      "18446744073709551615, \"valueTwo\": 12345678901234567890, \"op\": "
      "\"SCMP_CMP_MASKED_EQ\"}]}]}}}");
  assert_int_equal (p->process.rlimits[0].soft, UINT64_MAX);
  assert_int_equal (p->process.rlimits[0].hard, UINT64_MAX);
  assert_int_equal (p->process.rlimits[1].soft, UINT64_C (9223372036854775808));
  assert_string_equal (p->process.env[0], "A=18446744073709551615");
  assert_int_equal (p->linux_.seccomp->syscalls[0].args[0].value, UINT64_MAX);
  assert_int_equal (p->linux_.seccomp->syscalls[0].args[0].value_two,
                    UINT64_C (12345678901234567890));
  cinch_plan_free (p);

  /* where an unsigned 64-bit value does not fit */
  text = cfg ("process.user.uid", "\"@\"", NULL);
  {
    char *at = strstr (text, "\"@\"");
    char *t2;
    *at = '\0';
    t2 = cinch_xasprintf ("%s18446744073709551615%s", text, at + 3);
    parse_text_err (t2, "process.user.uid: 18446744073709551615 is out of range (0..4294967295)");
    free (t2);
    t2 = cinch_xasprintf ("%s[18446744073709551615]%s", text, at + 3);
    parse_text_err (t2, "process.user.uid: expected an unsigned integer");
    free (t2);
  }
  free (text);
  text = cfg ("process.args", "[\"sh\", \"@\"]", NULL);
  {
    char *at = strstr (text, "\"@\"");
    char *t2;
    *at = '\0';
    t2 = cinch_xasprintf ("%s18446744073709551615%s", text, at + 3);
    parse_text_err (t2, "process.args[1]: expected a string");
    free (t2);
  }
  free (text);
  text = cfg ("process.oomScoreAdj", "\"@\"", NULL);
  {
    char *at = strstr (text, "\"@\"");
    char *t2;
    *at = '\0';
    t2 = cinch_xasprintf ("%s9223372036854775808%s", text, at + 3);
    parse_text_err (t2, "process.oomScoreAdj: 9223372036854775808 is out of range (-1000..1000)");
    free (t2);
    /* beyond uint64: jansson's own error */
    t2 = cinch_xasprintf ("%s18446744073709551616%s", text, at + 3);
    assert_non_null (t2);
    {
      struct cinch_plan *pp = NULL;
      cinch_error_t err = NULL;
      assert_int_equal (cinch_plan_parse (t2, strlen (t2), BUNDLE, &pp, &err), -1);
      assert_non_null (strstr (cinch_error_msg (err), "too big integer"));
      cinch_error_free (&err);
    }
    free (t2);
    /* negative: not touched, jansson's error */
    t2 = cinch_xasprintf ("%s-18446744073709551615%s", text, at + 3);
    {
      struct cinch_plan *pp = NULL;
      cinch_error_t err = NULL;
      assert_int_equal (cinch_plan_parse (t2, strlen (t2), BUNDLE, &pp, &err), -1);
      assert_non_null (strstr (cinch_error_msg (err), "too big negative integer"));
      cinch_error_free (&err);
    }
    free (t2);
  }
  free (text);
}

static void
test_big_integer_keeps_error_columns (void **state)
{
  (void) state;
  /* the rewritten token has the literal's length: columns stay right */
  parse_text_err ("{\"a\": 18446744073709551615, x}",
                  "config.json: invalid JSON at line 1 column 29: string or '}' expected near 'x'");
  parse_text_err ("{\"a\": 12345678901234567890 x}",
                  "config.json: invalid JSON at line 1 column 28: '}' expected near 'x'");
  /* a literal that is part of a bigger token is left to jansson */
  parse_text_err ("{\"a\": 1.18446744073709551615e3x}",
                  "config.json: invalid JSON at line 1 column 31: '}' expected near 'x'");
}

static void
test_scheduler (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.scheduler",
          "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 10000000, \"deadline\": 20000000,"
          " \"period\": 30000000, \"flags\": [\"SCHED_FLAG_RESET_ON_FORK\","
          " \"SCHED_FLAG_RECLAIM\", \"SCHED_FLAG_DL_OVERRUN\", \"SCHED_FLAG_KEEP_POLICY\","
          " \"SCHED_FLAG_KEEP_PARAMS\", \"SCHED_FLAG_UTIL_CLAMP_MIN\","
          " \"SCHED_FLAG_UTIL_CLAMP_MAX\"]}",
          NULL);
  assert_true (p->process.has_scheduler);
  assert_int_equal (p->process.sched_policy, 6);
  assert_int_equal (p->process.sched_runtime, 10000000);
  assert_int_equal (p->process.sched_deadline, 20000000);
  assert_int_equal (p->process.sched_period, 30000000);
  assert_int_equal (p->process.sched_flags, 0x7f);
  cinch_plan_free (p);
  p = ok ("process.scheduler", "{\"policy\": \"SCHED_FIFO\", \"priority\": 99}", NULL);
  assert_int_equal (p->process.sched_policy, SCHED_FIFO);
  assert_int_equal (p->process.sched_priority, 99);
  cinch_plan_free (p);
  p = ok ("process.scheduler", "{\"policy\": \"SCHED_BATCH\", \"nice\": -20}", NULL);
  assert_int_equal (p->process.sched_policy, SCHED_BATCH);
  assert_int_equal (p->process.sched_nice, -20);
  cinch_plan_free (p);
  {
    static const struct
    {
      const char *name;
      int value;
    } pol[] = { { "SCHED_OTHER", 0 }, { "SCHED_RR", 2 }, { "SCHED_ISO", 4 }, { "SCHED_IDLE", 5 } };
    for (size_t i = 0; i < sizeof (pol) / sizeof (pol[0]); i++)
      {
        char *v = cinch_xasprintf ("{\"policy\": \"%s\"%s}", pol[i].name,
                                   pol[i].value == 2 ? ", \"priority\": 1" : "");
        p = ok ("process.scheduler", v, NULL);
        assert_int_equal (p->process.sched_policy, pol[i].value);
        cinch_plan_free (p);
        free (v);
      }
  }
}

static void
test_scheduler_errors (void **state)
{
  (void) state;
  bad ("process.scheduler: expected an object", "process.scheduler", "\"SCHED_FIFO\"", NULL);
  bad ("process.scheduler.policy: required", "process.scheduler", "{\"nice\": 1}", NULL);
  bad ("process.scheduler.policy: unknown scheduler policy \"SCHED_FOO\"", "process.scheduler",
       "{\"policy\": \"SCHED_FOO\"}", NULL);
  bad ("process.scheduler.nice: 20 is out of range (-20..19)", "process.scheduler",
       "{\"policy\": \"SCHED_OTHER\", \"nice\": 20}", NULL);
  bad ("process.scheduler.priority: 100 is out of range (0..99)", "process.scheduler",
       "{\"policy\": \"SCHED_RR\", \"priority\": 100}", NULL);
  bad ("process.scheduler.priority: SCHED_FIFO and SCHED_RR need a priority in 1..99",
       "process.scheduler", "{\"policy\": \"SCHED_FIFO\"}", NULL);
  bad ("process.scheduler.priority: only SCHED_FIFO and SCHED_RR take a static priority",
       "process.scheduler", "{\"policy\": \"SCHED_OTHER\", \"priority\": 5}", NULL);
  bad ("process.scheduler: runtime, deadline and period only apply to SCHED_DEADLINE",
       "process.scheduler", "{\"policy\": \"SCHED_OTHER\", \"runtime\": 5}", NULL);
  bad ("process.scheduler: SCHED_DEADLINE needs 0 < runtime <= deadline <= period",
       "process.scheduler", "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 5, \"deadline\": 4}",
       NULL);
  bad ("process.scheduler: SCHED_DEADLINE needs 0 < runtime <= deadline <= period",
       "process.scheduler", "{\"policy\": \"SCHED_DEADLINE\"}", NULL);
  bad ("process.scheduler: SCHED_DEADLINE needs 0 < runtime <= deadline <= period",
       "process.scheduler",
       "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 5, \"deadline\": 10, \"period\": 9}", NULL);
  bad ("process.scheduler.flags[1]: unknown scheduler flag \"SCHED_FLAG_X\"", "process.scheduler",
       "{\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_RECLAIM\", \"SCHED_FLAG_X\"]}",
       NULL);
  bad ("process.scheduler.runtime: expected an unsigned integer", "process.scheduler",
       "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": -1}", NULL);
}

static void
test_io_priority (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.ioPriority", "{\"class\": \"IOPRIO_CLASS_RT\", \"priority\": 7}", NULL);
  assert_true (p->process.has_io_priority);
  assert_int_equal (p->process.ioprio_class, 1);
  assert_int_equal (p->process.ioprio_level, 7);
  cinch_plan_free (p);
  p = ok ("process.ioPriority", "{\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 0}", NULL);
  assert_int_equal (p->process.ioprio_class, 2);
  cinch_plan_free (p);
  p = ok ("process.ioPriority", "{\"class\": \"IOPRIO_CLASS_IDLE\"}", NULL);
  assert_int_equal (p->process.ioprio_class, 3);
  assert_int_equal (p->process.ioprio_level, 0);
  cinch_plan_free (p);
  bad ("process.ioPriority.class: required", "process.ioPriority", "{\"priority\": 1}", NULL);
  bad ("process.ioPriority.class: unknown I/O priority class \"IOPRIO_CLASS_NONE\"",
       "process.ioPriority", "{\"class\": \"IOPRIO_CLASS_NONE\"}", NULL);
  bad ("process.ioPriority.priority: 8 is out of range (0..7)", "process.ioPriority",
       "{\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 8}", NULL);
  bad ("process.ioPriority.priority: -1 is out of range (0..7)", "process.ioPriority",
       "{\"class\": \"IOPRIO_CLASS_BE\", \"priority\": -1}", NULL);
}

static void
test_exec_cpu_affinity_warns (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("process.execCPUAffinity", "{\"initial\": \"0\", \"final\": \"0-3\"}", NULL);
  assert_int_equal (n_warnings (p), 1);
  assert_string_equal (p->warnings[0], "process.execCPUAffinity: not supported by cinch, ignored");
  cinch_plan_free (p);
}

/* ------------------------------------------------------------------ */
/* hostname, annotations, hooks  */

static void
test_hostname (void **state)
{
  struct cinch_plan *p;
  char *v;
  (void) state;
  p = ok ("hostname", "\"mrsdalloway\"", "domainname", "\"example.org\"", NULL);
  assert_true (p->has_hostname);
  assert_string_equal (p->hostname, "mrsdalloway");
  assert_true (p->has_domainname);
  assert_string_equal (p->domainname, "example.org");
  cinch_plan_free (p);
  p = ok ("hostname", "\"\"", NULL);
  assert_false (p->has_hostname);
  assert_null (p->hostname);
  cinch_plan_free (p);
  bad ("hostname: expected a string", "hostname", "123", NULL);
  bad ("domainname: expected a string", "domainname", "[]", NULL);
  v = cinch_xasprintf ("\"%065d\"", 0);
  bad ("hostname: longer than 64 bytes", "hostname", v, NULL);
  free (v);
  v = cinch_xasprintf ("\"%064d\"", 0);
  cinch_plan_free (ok ("hostname", v, NULL));
  free (v);
}

static void
test_annotations (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("annotations", "{\"com.example.key1\": \"value1\", \"key2\": \"\", \"k3\": \"v3\"}",
          NULL);
  assert_int_equal (p->n_annotations, 3);
  assert_string_equal (p->annotations[0].key, "com.example.key1");
  assert_string_equal (p->annotations[0].value, "value1");
  assert_string_equal (p->annotations[1].key, "key2");
  assert_string_equal (p->annotations[1].value, "");
  assert_string_equal (p->annotations[2].key, "k3");
  cinch_plan_free (p);
  bad ("annotations: expected an object", "annotations", "[\"a\"]", NULL);
  bad ("annotations[\"com.example.key\"]: expected a string", "annotations",
       "{\"a\": \"b\", \"com.example.key\": 5}", NULL);
  bad ("annotations[\"\\x22q\\x0a\"]: expected a string", "annotations", "{\"\\\"q\\n\": null}",
       NULL);
}

static void
test_long_names_cut_in_messages (void **state)
{
  char key[301], *v, *msg;
  (void) state;
  memset (key, 'k', 300);
  key[300] = '\0';
  v = cinch_xasprintf ("{\"%s\": 1}", key);
  key[200] = '\0';
  msg = cinch_xasprintf ("annotations[\"%s...\"]: expected a string", key);
  bad (msg, "annotations", v, NULL);
  free (msg);
  free (v);
}

static void
test_hooks (void **state)
{
  static const char *const kinds[] = { "prestart",       "createRuntime", "createContainer",
                                       "startContainer", "poststart",     "poststop" };
  struct cinch_plan *p;
  (void) state;
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      char *path = cinch_xasprintf ("hooks.%s", kinds[k]);
      p = ok (path,
              "[{\"path\": \"/usr/bin/fix-mounts\", \"args\": [\"fix-mounts\", \"arg1\"],"
              "  \"env\": [\"key1=value1\"], \"timeout\": 5},"
              " {\"path\": \"/usr/bin//setup\"}]",
              NULL);
      for (int o = 0; o < CINCH_HOOK_KIND_COUNT; o++)
        assert_int_equal (p->hooks.count[o], o == k ? 2 : 0);
      assert_string_equal (p->hooks.list[k][0].path, "/usr/bin/fix-mounts");
      assert_string_equal (p->hooks.list[k][0].args[1], "arg1");
      assert_null (p->hooks.list[k][0].args[2]);
      assert_string_equal (p->hooks.list[k][0].env[0], "key1=value1");
      assert_true (p->hooks.list[k][0].has_timeout);
      assert_int_equal (p->hooks.list[k][0].timeout, 5);
      assert_string_equal (p->hooks.list[k][1].path, "/usr/bin/setup");
      assert_null (p->hooks.list[k][1].args);
      assert_null (p->hooks.list[k][1].env);
      assert_false (p->hooks.list[k][1].has_timeout);
      cinch_plan_free (p);
      free (path);
    }
}

static void
test_hooks_errors (void **state)
{
  (void) state;
  bad ("hooks: expected an object", "hooks", "[]", NULL);
  bad ("hooks.prestart: expected an array", "hooks.prestart", "{}", NULL);
  bad ("hooks.poststop[0]: expected an object", "hooks.poststop", "[\"/bin/true\"]", NULL);
  bad ("hooks.createRuntime[0].path: required", "hooks.createRuntime", "[{\"args\": []}]", NULL);
  bad ("hooks.createContainer[1].path: \"hook\" is not an absolute path", "hooks.createContainer",
       "[{\"path\": \"/a\"}, {\"path\": \"hook\"}]", NULL);
  bad ("hooks.startContainer[0].args[0]: expected a string", "hooks.startContainer",
       "[{\"path\": \"/a\", \"args\": [1]}]", NULL);
  bad ("hooks.poststart[0].env[0]: \"novalue\" is not of the form KEY=value", "hooks.poststart",
       "[{\"path\": \"/a\", \"env\": [\"novalue\"]}]", NULL);
  bad ("hooks.poststop[0].timeout: 0 is out of range (1..2147483647)", "hooks.poststop",
       "[{\"path\": \"/a\", \"timeout\": 0}]", NULL);
  bad ("hooks.poststop[0].timeout: -5 is out of range (1..2147483647)", "hooks.poststop",
       "[{\"path\": \"/a\", \"timeout\": -5}]", NULL);
  bad ("hooks.poststop[0].timeout: expected an integer", "hooks.poststop",
       "[{\"path\": \"/a\", \"timeout\": \"5\"}]", NULL);
}

/* ------------------------------------------------------------------ */
/* linux  */

static void
test_namespaces (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.namespaces",
          "[{\"type\": \"pid\", \"path\": \"/proc/1234/ns/pid\"}, {\"type\": \"network\","
          " \"path\": \"/var/run/netns/neta\"}, {\"type\": \"mount\"}, {\"type\": \"ipc\"},"
          " {\"type\": \"uts\"}, {\"type\": \"user\"}, {\"type\": \"cgroup\", \"path\": \"\"},"
          " {\"type\": \"time\"}]",
          NULL);
  for (int i = 0; i < CINCH_NS_COUNT; i++)
    assert_true (p->linux_.ns[i].present);
  assert_string_equal (p->linux_.ns[CINCH_NS_PID].path, "/proc/1234/ns/pid");
  assert_string_equal (p->linux_.ns[CINCH_NS_NET].path, "/var/run/netns/neta");
  assert_null (p->linux_.ns[CINCH_NS_MNT].path);
  assert_null (p->linux_.ns[CINCH_NS_CGROUP].path);
  cinch_plan_free (p);
  p = ok ("linux.namespaces", "[{\"type\": \"mount\"}]", NULL);
  assert_true (p->linux_.ns[CINCH_NS_MNT].present);
  assert_false (p->linux_.ns[CINCH_NS_PID].present);
  cinch_plan_free (p);
}

static void
test_namespaces_errors (void **state)
{
  (void) state;
  bad ("linux: expected an object", "linux", "[]", NULL);
  bad ("linux.namespaces: expected an array", "linux.namespaces", "{\"type\": \"pid\"}", NULL);
  bad ("linux.namespaces[0]: expected an object", "linux.namespaces", "[\"pid\"]", NULL);
  bad ("linux.namespaces[2].type: unknown namespace type \"foo\"", "linux.namespaces",
       "[{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"foo\"}]", NULL);
  bad ("linux.namespaces[0].type: unknown namespace type \"net\"", "linux.namespaces",
       "[{\"type\": \"net\"}]", NULL);
  bad ("linux.namespaces[1].type: duplicate namespace type \"pid\"", "linux.namespaces",
       "[{\"type\": \"pid\"}, {\"type\": \"pid\", \"path\": \"/proc/1/ns/pid\"}]", NULL);
  bad ("linux.namespaces[0].type: required", "linux.namespaces", "[{\"path\": \"/x\"}]", NULL);
  bad ("linux.namespaces[0].type: expected a string", "linux.namespaces", "[{\"type\": 1}]", NULL);
  bad ("linux.namespaces[0].path: \"proc/1/ns/net\" is not an absolute path", "linux.namespaces",
       "[{\"type\": \"network\", \"path\": \"proc/1/ns/net\"}]", NULL);
}

static void
test_id_mappings (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.uidMappings", "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 32000}]",
          "linux.gidMappings",
          "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 1},"
          " {\"containerID\": 1, \"hostID\": 100000, \"size\": 65536},"
          " {\"containerID\": 4294967295, \"hostID\": 4294967295, \"size\": 1}]",
          NULL);
  assert_int_equal (p->linux_.n_uid_mappings, 1);
  assert_int_equal (p->linux_.uid_mappings[0].container_id, 0);
  assert_int_equal (p->linux_.uid_mappings[0].host_id, 1000);
  assert_int_equal (p->linux_.uid_mappings[0].size, 32000);
  assert_int_equal (p->linux_.n_gid_mappings, 3);
  assert_int_equal (p->linux_.gid_mappings[1].host_id, 100000);
  assert_int_equal (p->linux_.gid_mappings[2].container_id, 4294967295u);
  cinch_plan_free (p);
}

static void
test_id_mappings_errors (void **state)
{
  char *many;
  size_t o;
  (void) state;
  bad ("linux.uidMappings: expected an array", "linux.uidMappings", "{}", NULL);
  bad ("linux.uidMappings[0].containerID: required", "linux.uidMappings",
       "[{\"hostID\": 1, \"size\": 1}]", NULL);
  bad ("linux.gidMappings[0].hostID: required", "linux.gidMappings",
       "[{\"containerID\": 1, \"size\": 1}]", NULL);
  bad ("linux.gidMappings[1].size: required", "linux.gidMappings",
       "[{\"containerID\": 0, \"hostID\": 1, \"size\": 1}, {\"containerID\": 1, \"hostID\": 1}]",
       NULL);
  bad ("linux.uidMappings[0]: size must be greater than zero", "linux.uidMappings",
       "[{\"containerID\": 0, \"hostID\": 1, \"size\": 0}]", NULL);
  bad ("linux.uidMappings[0].hostID: expected an unsigned integer", "linux.uidMappings",
       "[{\"containerID\": 0, \"hostID\": -1, \"size\": 1}]", NULL);
  bad ("linux.uidMappings[0].size: 4294967296 is out of range (0..4294967295)", "linux.uidMappings",
       "[{\"containerID\": 0, \"hostID\": 0, \"size\": 4294967296}]", NULL);
  bad ("linux.uidMappings[0]: the range goes beyond the last id (4294967295)", "linux.uidMappings",
       "[{\"containerID\": 4294967295, \"hostID\": 0, \"size\": 2}]", NULL);
  bad ("linux.gidMappings[0]: the range goes beyond the last id (4294967295)", "linux.gidMappings",
       "[{\"containerID\": 0, \"hostID\": 4294967200, \"size\": 100}]", NULL);
  many = malloc (341 * 64 + 4);
  o = (size_t) sprintf (many, "[");
  for (int i = 0; i < 341; i++)
    o += (size_t) sprintf (many + o, "%s{\"containerID\": %d, \"hostID\": %d, \"size\": 1}",
                           i ? "," : "", i, 1000 + i);
  sprintf (many + o, "]");
  bad ("linux.uidMappings: 341 mappings, the kernel accepts at most 340", "linux.uidMappings", many,
       NULL);
  free (many);
}

static void
test_time_offsets (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.timeOffsets",
          "{\"monotonic\": {\"secs\": -86400, \"nanosecs\": 999999999},"
          " \"boottime\": {\"secs\": 9223372036854775807}}",
          NULL);
  assert_true (p->linux_.has_time_offset_monotonic);
  assert_true (p->linux_.has_time_offset_boottime);
  assert_int_equal (p->linux_.monotonic_secs, -86400);
  assert_int_equal (p->linux_.monotonic_nanosecs, 999999999);
  assert_int_equal (p->linux_.boottime_secs, INT64_MAX);
  assert_int_equal (p->linux_.boottime_nanosecs, 0);
  cinch_plan_free (p);
  p = ok ("linux.timeOffsets", "{\"boottime\": {}}", NULL);
  assert_false (p->linux_.has_time_offset_monotonic);
  assert_true (p->linux_.has_time_offset_boottime);
  cinch_plan_free (p);
  bad ("linux.timeOffsets: expected an object", "linux.timeOffsets", "[]", NULL);
  bad ("linux.timeOffsets[\"realtime\"]: unknown clock (expected \"monotonic\" or \"boottime\")",
       "linux.timeOffsets", "{\"realtime\": {\"secs\": 1}}", NULL);
  bad ("linux.timeOffsets[\"boottime\"]: expected an object", "linux.timeOffsets",
       "{\"boottime\": 5}", NULL);
  bad ("linux.timeOffsets[\"monotonic\"].nanosecs: 1000000000 is out of range (0..999999999)",
       "linux.timeOffsets", "{\"monotonic\": {\"nanosecs\": 1000000000}}", NULL);
  bad ("linux.timeOffsets[\"monotonic\"].nanosecs: expected an unsigned integer",
       "linux.timeOffsets", "{\"monotonic\": {\"nanosecs\": -1}}", NULL);
  bad ("linux.timeOffsets[\"monotonic\"].secs: expected an integer", "linux.timeOffsets",
       "{\"monotonic\": {\"secs\": 1.5}}", NULL);
}

static void
test_devices (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.devices",
          "[{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229,"
          "  \"fileMode\": 438, \"uid\": 0, \"gid\": 0},"
          " {\"path\": \"/dev//sda\", \"type\": \"b\", \"major\": 8, \"minor\": 0,"
          "  \"fileMode\": 25008, \"uid\": 4294967295, \"gid\": 6},"
          " {\"path\": \"/dev/pipe\", \"type\": \"p\"},"
          " {\"path\": \"/dev/u\", \"type\": \"u\", \"major\": 4095, \"minor\": 1048575}]",
          NULL);
  assert_int_equal (p->linux_.n_devices, 4);
  assert_string_equal (p->linux_.devices[0].path, "/dev/fuse");
  assert_int_equal (p->linux_.devices[0].type, 'c');
  assert_int_equal (p->linux_.devices[0].major, 10);
  assert_int_equal (p->linux_.devices[0].minor, 229);
  assert_true (p->linux_.devices[0].has_file_mode);
  assert_int_equal (p->linux_.devices[0].file_mode, 0666);
  assert_true (p->linux_.devices[0].has_uid);
  assert_true (p->linux_.devices[0].has_gid);
  assert_string_equal (p->linux_.devices[1].path, "/dev/sda");
  assert_int_equal (p->linux_.devices[1].type, 'b');
  /* Podman's fileMode carries the file type (S_IFBLK|0660): only the
   * permission bits are kept.  */
  assert_int_equal (p->linux_.devices[1].file_mode, 0660);
  assert_int_equal (p->linux_.devices[1].uid, 4294967295u);
  assert_int_equal (p->linux_.devices[1].gid, 6);
  assert_int_equal (p->linux_.devices[2].type, 'p');
  assert_false (p->linux_.devices[2].has_file_mode);
  assert_false (p->linux_.devices[2].has_uid);
  assert_false (p->linux_.devices[2].has_gid);
  assert_int_equal (p->linux_.devices[3].type, 'u');
  assert_int_equal (p->linux_.devices[3].major, 4095);
  assert_int_equal (p->linux_.devices[3].minor, 1048575);
  cinch_plan_free (p);
}

static void
test_devices_errors (void **state)
{
  (void) state;
  bad ("linux.devices: expected an array", "linux.devices", "{}", NULL);
  bad ("linux.devices[0].type: required", "linux.devices", "[{\"path\": \"/dev/x\"}]", NULL);
  bad ("linux.devices[0].type: unknown device type \"x\" (expected c, b, u or p)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"x\"}]", NULL);
  bad ("linux.devices[0].type: unknown device type \"cb\" (expected c, b, u or p)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"cb\"}]", NULL);
  bad ("linux.devices[0].type: unknown device type \"\" (expected c, b, u or p)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"\"}]", NULL);
  bad ("linux.devices[0].path: required", "linux.devices", "[{\"type\": \"p\"}]", NULL);
  bad ("linux.devices[0].path: \"dev/x\" is not an absolute path", "linux.devices",
       "[{\"path\": \"dev/x\", \"type\": \"p\"}]", NULL);
  bad ("linux.devices[0].major: required", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"c\", \"minor\": 1}]", NULL);
  bad ("linux.devices[0].minor: required", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"b\", \"major\": 1}]", NULL);
  bad ("linux.devices[0].major: -1 is out of range (0..4095)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": -1, \"minor\": 1}]", NULL);
  bad ("linux.devices[0].major: 4096 is out of range (0..4095)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 4096, \"minor\": 1}]", NULL);
  bad ("linux.devices[0].minor: 1048576 is out of range (0..1048575)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 1048576}]", NULL);
  bad ("linux.devices[0].fileMode: 060644 has bits beyond the permission bits (07777) that are "
       "not the file type of a `c` device (020000)",
       "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, "
       "\"fileMode\": 24996}]",
       NULL);
  bad ("linux.devices[0].uid: expected an unsigned integer", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"p\", \"uid\": -1}]", NULL);
  bad ("linux.devices[0].gid: 4294967296 is out of range (0..4294967295)", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"p\", \"gid\": 4294967296}]", NULL);
  bad ("linux.devices[1].path: duplicate device \"/dev/x\"", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"p\"}, {\"path\": \"/dev//x/\", \"type\": \"p\"}]",
       NULL);
  /* the first repeat in document order is named */
  bad ("linux.devices[3].path: duplicate device \"/dev/b\"", "linux.devices",
       "[{\"path\": \"/dev/a\", \"type\": \"p\"}, {\"path\": \"/dev/b\", \"type\": \"p\"},"
       " {\"path\": \"/dev/c\", \"type\": \"p\"}, {\"path\": \"/dev/b\", \"type\": \"p\"},"
       " {\"path\": \"/dev/a\", \"type\": \"p\"}, {\"path\": \"/dev/c\", \"type\": \"p\"}]",
       NULL);
}

static void
test_linux_simple_fields (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux",
          "{\"cgroupsPath\": \"/myRuntime/myContainer\", \"resources\": {\"pids\": {\"limit\": 5}},"
          " \"mountLabel\": \"system_u:object_r:svirt_sandbox_file_t:s0:c715,c811\","
          " \"maskedPaths\": [\"/proc/kcore\", \"/proc//keys/\"],"
          " \"readonlyPaths\": [\"/proc/sys\", \"/proc/sys/../bus\"]}",
          NULL);
  assert_string_equal (p->linux_.cgroups_path, "/myRuntime/myContainer");
  assert_true (p->linux_.res.present);
  assert_string_equal (p->linux_.mount_label,
                       "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811");
  assert_string_equal (p->linux_.masked_paths[0], "/proc/kcore");
  assert_string_equal (p->linux_.masked_paths[1], "/proc/keys");
  assert_null (p->linux_.masked_paths[2]);
  assert_string_equal (p->linux_.readonly_paths[0], "/proc/sys");
  assert_string_equal (p->linux_.readonly_paths[1], "/proc/bus");
  assert_null (p->linux_.readonly_paths[2]);
  cinch_plan_free (p);
  p = ok ("linux", "{\"cgroupsPath\": \"\", \"mountLabel\": \"\"}", NULL);
  assert_null (p->linux_.cgroups_path);
  assert_null (p->linux_.mount_label);
  assert_false (p->linux_.res.present);
  assert_non_null (p->linux_.masked_paths);
  assert_null (p->linux_.masked_paths[0]);
  cinch_plan_free (p);
  p = ok ("linux", "{\"cgroupsPath\": \"relative:path\"}", NULL);
  assert_string_equal (p->linux_.cgroups_path, "relative:path");
  cinch_plan_free (p);
  p = ok ("linux", "{\"cgroupsPath\": \"system.slice:cinch:abc..def\"}", NULL);
  assert_string_equal (p->linux_.cgroups_path, "system.slice:cinch:abc..def");
  cinch_plan_free (p);
  bad ("linux.cgroupsPath: \"..\" components are not allowed", "linux.cgroupsPath",
       "\"/a/../../../sys/fs/cgroup\"", NULL);
  bad ("linux.cgroupsPath: \"..\" components are not allowed", "linux.cgroupsPath", "\"..\"", NULL);
  bad ("linux.cgroupsPath: \"..\" components are not allowed", "linux.cgroupsPath",
       "\"..:cinch:x\"", NULL);
  bad ("linux.cgroupsPath: \"..\" components are not allowed", "linux.cgroupsPath", "\"a/..\"",
       NULL);
  bad ("linux.resources: expected an object", "linux.resources", "[]", NULL);
  bad ("linux.cgroupsPath: expected a string", "linux.cgroupsPath", "1", NULL);
  bad ("linux.maskedPaths: expected an array", "linux.maskedPaths", "\"/proc\"", NULL);
  bad ("linux.maskedPaths[1]: \"proc/kcore\" is not an absolute path", "linux.maskedPaths",
       "[\"/a\", \"proc/kcore\"]", NULL);
  bad ("linux.readonlyPaths[0]: expected a string", "linux.readonlyPaths", "[null]", NULL);
  bad ("linux.mountLabel: expected a string", "linux.mountLabel", "{}", NULL);
}

static void
test_sysctl (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.sysctl",
          "{\"net.ipv4.ip_forward\": \"1\", \"net.core.somaxconn\": \"256\","
          " \"net/ipv4/conf/eth0.1/forwarding\": \"0\"}",
          NULL);
  assert_int_equal (p->linux_.n_sysctl, 3);
  assert_string_equal (p->linux_.sysctl[0].key, "net.ipv4.ip_forward");
  assert_string_equal (p->linux_.sysctl[0].value, "1");
  assert_string_equal (p->linux_.sysctl[1].key, "net.core.somaxconn");
  assert_string_equal (p->linux_.sysctl[2].key, "net/ipv4/conf/eth0.1/forwarding");
  cinch_plan_free (p);
  bad ("linux.sysctl: expected an object", "linux.sysctl", "[]", NULL);
  bad ("linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string", "linux.sysctl",
       "{\"net.ipv4.ip_forward\": 1}", NULL);
  bad ("linux.sysctl[\"net..ipv4\"]: not a valid sysctl name", "linux.sysctl",
       "{\"net..ipv4\": \"1\"}", NULL);
  bad ("linux.sysctl[\"\"]: not a valid sysctl name", "linux.sysctl", "{\"\": \"1\"}", NULL);
  bad ("linux.sysctl[\".net\"]: not a valid sysctl name", "linux.sysctl", "{\".net\": \"1\"}",
       NULL);
  bad ("linux.sysctl[\"kernel.\"]: not a valid sysctl name", "linux.sysctl", "{\"kernel.\": \"1\"}",
       NULL);
  bad ("linux.sysctl[\"net/../../etc/passwd\"]: not a valid sysctl name", "linux.sysctl",
       "{\"net/../../etc/passwd\": \"1\"}", NULL);
  bad ("linux.sysctl[\"/kernel/x\"]: not a valid sysctl name", "linux.sysctl",
       "{\"/kernel/x\": \"1\"}", NULL);
  bad ("linux.sysctl[\"net/./x\"]: not a valid sysctl name", "linux.sysctl", "{\"net/./x\": \"1\"}",
       NULL);
}

static void
test_rootfs_propagation (void **state)
{
  static const struct
  {
    const char *name;
    enum cinch_propagation p;
    bool rec;
  } cases[] = {
    { "private", CINCH_PROP_PRIVATE, false },       { "rprivate", CINCH_PROP_PRIVATE, true },
    { "shared", CINCH_PROP_SHARED, false },         { "rshared", CINCH_PROP_SHARED, true },
    { "slave", CINCH_PROP_SLAVE, false },           { "rslave", CINCH_PROP_SLAVE, true },
    { "unbindable", CINCH_PROP_UNBINDABLE, false }, { "runbindable", CINCH_PROP_UNBINDABLE, true },
  };
  struct cinch_plan *p;
  (void) state;
  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      char *v = cinch_xasprintf ("\"%s\"", cases[i].name);
      p = ok ("linux.rootfsPropagation", v, NULL);
      assert_true (p->linux_.has_rootfs_propagation);
      assert_int_equal (p->linux_.rootfs_propagation, cases[i].p);
      assert_int_equal (p->linux_.rootfs_propagation_recursive, cases[i].rec);
      cinch_plan_free (p);
      free (v);
    }
  p = ok ("linux.rootfsPropagation", "\"\"", NULL);
  assert_false (p->linux_.has_rootfs_propagation);
  cinch_plan_free (p);
  bad ("linux.rootfsPropagation: unknown rootfs propagation \"foo\"", "linux.rootfsPropagation",
       "\"foo\"", NULL);
  bad ("linux.rootfsPropagation: expected a string", "linux.rootfsPropagation", "1", NULL);
}

static void
test_personality (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.personality", "{\"domain\": \"LINUX\"}", NULL);
  assert_true (p->linux_.has_personality);
  assert_int_equal (p->linux_.personality, PER_LINUX);
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
  p = ok ("linux.personality", "{\"domain\": \"LINUX32\", \"flags\": []}", NULL);
  assert_int_equal (p->linux_.personality, PER_LINUX32);
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
  p = ok ("linux.personality", "{\"domain\": \"LINUX32\", \"flags\": [\"ADDR_NO_RANDOMIZE\"]}",
          NULL);
  assert_int_equal (n_warnings (p), 1);
  assert_string_equal (p->warnings[0],
                       "linux.personality.flags: personality flags are not supported, ignored");
  cinch_plan_free (p);
  bad ("linux.personality: expected an object", "linux.personality", "\"LINUX\"", NULL);
  bad ("linux.personality.domain: required", "linux.personality", "{}", NULL);
  bad ("linux.personality.domain: unknown personality domain \"LINUX64\"", "linux.personality",
       "{\"domain\": \"LINUX64\"}", NULL);
  bad ("linux.personality.flags[0]: expected a string", "linux.personality",
       "{\"domain\": \"LINUX\", \"flags\": [1]}", NULL);
}

static void
test_unsupported_warns (void **state)
{
  struct cinch_plan *p;
  (void) state;
  p = ok ("linux.netDevices", "{\"eth1\": {\"name\": \"ceth1\"}}", "linux.intelRdt",
          "{\"closID\": \"guaranteed_group\"}", NULL);
  assert_int_equal (n_warnings (p), 2);
  assert_string_equal (p->warnings[0], "linux.netDevices: not supported by cinch, ignored");
  assert_string_equal (p->warnings[1], "linux.intelRdt: not supported by cinch, ignored");
  cinch_plan_free (p);
}

static void
test_warnings_capped (void **state)
{
  struct cinch_plan *p;
  char *v = malloc (200 * 16 + 8);
  size_t o = (size_t) sprintf (v, "[");
  (void) state;
  for (int i = 0; i < 200; i++)
    o += (size_t) sprintf (v + o, "%s\"CAP_X%d\"", i ? "," : "", i);
  sprintf (v + o, "]");
  p = ok ("process.capabilities.bounding", v, NULL);
  assert_int_equal (n_warnings (p), 65);
  assert_string_equal (
      p->warnings[63],
      "process.capabilities.bounding[63]: unknown capability \"CAP_X63\", skipped");
  assert_string_equal (p->warnings[64],
                       "process.capabilities.bounding[64]: further warnings suppressed");
  cinch_plan_free (p);
  free (v);
}

/* ------------------------------------------------------------------ */
/* linux.seccomp  */

static void
test_seccomp (void **state)
{
  struct cinch_plan *p;
  struct cinch_seccomp *s;
  (void) state;
  p = ok ("linux.seccomp",
          "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
          " \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"],"
          " \"flags\": [\"SECCOMP_FILTER_FLAG_TSYNC\", \"SECCOMP_FILTER_FLAG_LOG\","
          "   \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\", \"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],"
          " \"listenerPath\": \"/run/seccomp-agent.sock\", \"listenerMetadata\": \"meta\","
          " \"syscalls\": ["
          "  {\"names\": [\"getcwd\", \"chmod\"], \"action\": \"SCMP_ACT_ALLOW\"},"
          "  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1,"
          "   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"},"
          "              {\"index\": 5, \"value\": 255, \"valueTwo\": 4, \"op\": "
          "\"SCMP_CMP_MASKED_EQ\"}]},"
          "  {\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_NOTIFY\"},"
          "  {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 7}]}",
          NULL);
  s = p->linux_.seccomp;
  assert_non_null (s);
  assert_int_equal (s->default_action, CINCH_SECCOMP_ERRNO);
  assert_true (s->has_default_errno_ret);
  assert_int_equal (s->default_errno_ret, 38);
  assert_string_equal (s->architectures[0], "SCMP_ARCH_X86_64");
  assert_string_equal (s->architectures[2], "SCMP_ARCH_X32");
  assert_null (s->architectures[3]);
  assert_int_equal (s->flags, CINCH_SECCOMP_FLAG_LOG | CINCH_SECCOMP_FLAG_SPEC_ALLOW
                                  | CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV);
  assert_string_equal (s->listener_path, "/run/seccomp-agent.sock");
  assert_string_equal (s->listener_metadata, "meta");
  assert_int_equal (s->n_syscalls, 4);
  assert_string_equal (s->syscalls[0].names[1], "chmod");
  assert_null (s->syscalls[0].names[2]);
  assert_int_equal (s->syscalls[0].action, CINCH_SECCOMP_ALLOW);
  assert_false (s->syscalls[0].has_errno_ret);
  assert_int_equal (s->syscalls[0].n_args, 0);
  assert_int_equal (s->syscalls[1].action, CINCH_SECCOMP_ERRNO);
  assert_true (s->syscalls[1].has_errno_ret);
  assert_int_equal (s->syscalls[1].errno_ret, 1);
  assert_int_equal (s->syscalls[1].n_args, 2);
  assert_int_equal (s->syscalls[1].args[0].index, 0);
  assert_int_equal (s->syscalls[1].args[0].value, 8);
  assert_int_equal (s->syscalls[1].args[0].op, CINCH_SECCOMP_OP_EQ);
  assert_int_equal (s->syscalls[1].args[1].index, 5);
  assert_int_equal (s->syscalls[1].args[1].value_two, 4);
  assert_int_equal (s->syscalls[1].args[1].op, CINCH_SECCOMP_OP_MASKED_EQ);
  assert_int_equal (s->syscalls[2].action, CINCH_SECCOMP_NOTIFY);
  assert_int_equal (s->syscalls[3].action, CINCH_SECCOMP_TRACE);
  assert_int_equal (s->syscalls[3].errno_ret, 7);
  cinch_plan_free (p);
}

static void
test_seccomp_names (void **state)
{
  static const struct
  {
    const char *name;
    int value;
  } actions[] = {
    { "SCMP_ACT_KILL", CINCH_SECCOMP_KILL },   { "SCMP_ACT_KILL_PROCESS", CINCH_SECCOMP_KILL_PROCESS },
    { "SCMP_ACT_KILL_THREAD", CINCH_SECCOMP_KILL_THREAD }, { "SCMP_ACT_TRAP", CINCH_SECCOMP_TRAP },
    { "SCMP_ACT_ERRNO", CINCH_SECCOMP_ERRNO }, { "SCMP_ACT_TRACE", CINCH_SECCOMP_TRACE },
    { "SCMP_ACT_ALLOW", CINCH_SECCOMP_ALLOW }, { "SCMP_ACT_LOG", CINCH_SECCOMP_LOG },
  },
    ops[] = {
      { "SCMP_CMP_NE", CINCH_SECCOMP_OP_NE }, { "SCMP_CMP_LT", CINCH_SECCOMP_OP_LT },
      { "SCMP_CMP_LE", CINCH_SECCOMP_OP_LE }, { "SCMP_CMP_EQ", CINCH_SECCOMP_OP_EQ },
      { "SCMP_CMP_GE", CINCH_SECCOMP_OP_GE }, { "SCMP_CMP_GT", CINCH_SECCOMP_OP_GT },
      { "SCMP_CMP_MASKED_EQ", CINCH_SECCOMP_OP_MASKED_EQ },
    };
  (void) state;
  for (size_t i = 0; i < sizeof (actions) / sizeof (actions[0]); i++)
    {
      char *v = cinch_xasprintf ("{\"defaultAction\": \"%s\", \"syscalls\": [{\"names\": [\"x\"],"
                                 " \"action\": \"%s\"}]}",
                                 actions[i].name, actions[i].name);
      struct cinch_plan *p = ok ("linux.seccomp", v, NULL);
      assert_int_equal (p->linux_.seccomp->default_action, actions[i].value);
      assert_int_equal (p->linux_.seccomp->syscalls[0].action, actions[i].value);
      assert_non_null (p->linux_.seccomp->architectures);
      assert_null (p->linux_.seccomp->architectures[0]);
      assert_int_equal (p->linux_.seccomp->flags, 0);
      cinch_plan_free (p);
      free (v);
    }
  for (size_t i = 0; i < sizeof (ops) / sizeof (ops[0]); i++)
    {
      char *v = cinch_xasprintf ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{"
                                 "\"names\": [\"x\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
                                 "[{\"index\": 2, \"value\": 3, \"op\": \"%s\"}]}]}",
                                 ops[i].name);
      struct cinch_plan *p = ok ("linux.seccomp", v, NULL);
      assert_int_equal (p->linux_.seccomp->syscalls[0].args[0].op, ops[i].value);
      cinch_plan_free (p);
      free (v);
    }
}

#define SC(x) "{\"defaultAction\": \"SCMP_ACT_ALLOW\", " x "}"

static void
test_seccomp_errors (void **state)
{
  (void) state;
  bad ("linux.seccomp: expected an object", "linux.seccomp", "[]", NULL);
  bad ("linux.seccomp.defaultAction: required", "linux.seccomp", "{}", NULL);
  bad ("linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_FOO\"", "linux.seccomp",
       "{\"defaultAction\": \"SCMP_ACT_FOO\"}", NULL);
  bad ("linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno",
       "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_KILL\", \"defaultErrnoRet\": 1}", NULL);
  bad ("linux.seccomp.defaultErrnoRet: expected an unsigned integer", "linux.seccomp",
       "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": -1}", NULL);
  bad ("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action", "linux.seccomp",
       "{\"defaultAction\": \"SCMP_ACT_NOTIFY\", \"listenerPath\": \"/run/x.sock\"}", NULL);
  bad ("linux.seccomp.architectures[0]: expected a string", "linux.seccomp",
       SC ("\"architectures\": [1]"), NULL);
  bad ("linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"",
       "linux.seccomp", SC ("\"flags\": [\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]"), NULL);
  bad ("linux.seccomp.listenerPath: \"agent.sock\" is not an absolute path", "linux.seccomp",
       SC ("\"listenerPath\": \"agent.sock\""), NULL);
  bad ("linux.seccomp.listenerMetadata: must not be set without listenerPath", "linux.seccomp",
       SC ("\"listenerMetadata\": \"x\""), NULL);
  bad ("linux.seccomp.syscalls: expected an array", "linux.seccomp", SC ("\"syscalls\": {}"), NULL);
  bad ("linux.seccomp.syscalls[0].names: required", "linux.seccomp",
       SC ("\"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]"), NULL);
  bad ("linux.seccomp.syscalls[0].names: must contain at least one syscall name", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [], \"action\": \"SCMP_ACT_ALLOW\"}]"), NULL);
  bad ("linux.seccomp.syscalls[0].names[1]: must not be empty", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\", \"\"], \"action\": \"SCMP_ACT_ALLOW\"}]"), NULL);
  bad ("linux.seccomp.syscalls[1].action: required", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\"},"
           " {\"names\": [\"b\"]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an "
       "errno",
       "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": "
           "1}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath",
       "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_NOTIFY\"}]"), NULL);
  bad ("linux.seccomp.syscalls[0].args[0].index: 6 is out of range (0..5)", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].args[0].index: required", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].args[0].value: required", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"index\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].args[0].op: required", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"index\": 1, \"value\": 1}]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].args[1].op: unknown seccomp operator \"SCMP_CMP_XX\"",
       "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_NE\"},"
           " {\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_XX\"}]}]"),
       NULL);
  bad ("linux.seccomp.syscalls[0].args[0].value: expected an unsigned integer", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
           "[{\"index\": 1, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}]"),
       NULL);
}

/* The "expected a ..." branch of every remaining kind of member.  */
static void
test_type_errors_everywhere (void **state)
{
  char *gids;
  size_t o;
  (void) state;
  bad ("linux.uidMappings[0]: expected an object", "linux.uidMappings", "[5]", NULL);
  bad ("process.ioPriority: expected an object", "process.ioPriority", "[]", NULL);
  bad ("process.user.umask: expected an unsigned integer", "process.user.umask", "\"022\"", NULL);
  bad ("hooks.prestart[0].env: expected an array", "hooks.prestart",
       "[{\"path\": \"/a\", \"env\": \"A=1\"}]", NULL);
  bad ("hooks.prestart[0].path: expected a string", "hooks.prestart", "[{\"path\": 5}]", NULL);
  bad ("linux.devices[0]: expected an object", "linux.devices", "[\"/dev/null\"]", NULL);
  bad ("linux.devices[0].fileMode: expected an unsigned integer", "linux.devices",
       "[{\"path\": \"/dev/x\", \"type\": \"p\", \"fileMode\": \"0666\"}]", NULL);
  bad ("linux.seccomp.syscalls[0]: expected an object", "linux.seccomp",
       SC ("\"syscalls\": [\"read\"]"), NULL);
  bad ("linux.seccomp.syscalls[0].args[0]: expected an object", "linux.seccomp",
       SC ("\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [0]}]"),
       NULL);
  bad ("linux.seccomp.listenerMetadata: expected a string", "linux.seccomp",
       SC ("\"listenerPath\": \"/run/a.sock\", \"listenerMetadata\": 1"), NULL);
  gids = malloc (65537 * 3 + 8);
  o = (size_t) sprintf (gids, "[");
  for (int i = 0; i < 65537; i++)
    o += (size_t) sprintf (gids + o, "%s1", i ? "," : "");
  sprintf (gids + o, "]");
  bad ("process.user.additionalGids: more than 65536 groups", "process.user.additionalGids", gids,
       NULL);
  free (gids);
}

/* ------------------------------------------------------------------ */
/* linux.resources  */

/* The minimal config with the member at path set to raw JSON text, which
 * may hold integers jansson cannot (above INT64_MAX).  */
static char *
cfg_raw (const char *path, const char *raw)
{
  char *text = cfg (path, "\"@RAW@\"", NULL);
  char *at = strstr (text, "\"@RAW@\"");
  char *out;

  assert_non_null (at);
  *at = '\0';
  out = cinch_xasprintf ("%s%s%s", text, raw, at + strlen ("\"@RAW@\""));
  free (text);
  return out;
}

static struct cinch_plan *
ok_raw (const char *path, const char *raw)
{
  char *text = cfg_raw (path, raw);
  struct cinch_plan *plan = parse_text_ok (text);
  free (text);
  return plan;
}

static void
bad_raw (const char *msg, const char *path, const char *raw)
{
  char *text = cfg_raw (path, raw);
  parse_text_err (text, msg);
  free (text);
}

/* Every field of config-linux.md's linux.resources.  */
static const char all_resources[] =
    "{\"devices\": [{\"allow\": false, \"access\": \"rwm\"},"
    "              {\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229,"
    "               \"access\": \"rw\"}],"
    " \"memory\": {\"limit\": 536870912, \"reservation\": 268435456, \"swap\": -1,"
    "             \"kernel\": 0, \"kernelTCP\": 1048576, \"swappiness\": 60,"
    "             \"disableOOMKiller\": true, \"useHierarchy\": false,"
    "             \"checkBeforeUpdate\": true},"
    " \"cpu\": {\"shares\": 1024, \"quota\": 50000, \"burst\": 10000, \"period\": 100000,"
    "          \"realtimeRuntime\": 950000, \"realtimePeriod\": 1000000,"
    "          \"cpus\": \"0-3,5\", \"mems\": \"0\", \"idle\": 1},"
    " \"pids\": {\"limit\": 100},"
    " \"blockIO\": {\"weight\": 500, \"leafWeight\": 300,"
    "   \"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 600, \"leafWeight\": 10},"
    "                      {\"major\": 8, \"minor\": 16, \"weight\": 1000}],"
    "   \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 104857600}],"
    "   \"throttleWriteBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 52428800},"
    "                              {\"major\": 253, \"minor\": 1048575, \"rate\": 0}],"
    "   \"throttleReadIOPSDevice\": [{\"major\": 8, \"minor\": 16, \"rate\": 1000}],"
    "   \"throttleWriteIOPSDevice\": [{\"major\": 4095, \"minor\": 1, \"rate\": 500}]},"
    " \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 209715200},"
    "                     {\"pageSize\": \"1GB\", \"limit\": 18446744073709551615}],"
    " \"network\": {\"classID\": 1048577,"
    "   \"priorities\": [{\"name\": \"eth0\", \"priority\": 500},"
    "                  {\"name\": \"lo\", \"priority\": 4294967295}]},"
    " \"rdma\": {\"mlx5_1\": {\"hcaHandles\": 3, \"hcaObjects\": 10000},"
    "           \"mlx4_0\": {\"hcaObjects\": 1}},"
    " \"unified\": {\"memory.high\": \"1073741824\", \"io.max\": \"8:0 rbps=1024\","
    "               \"cpu.weight\": \"\"}}";

static void
test_resources_fields (void **state)
{
  struct cinch_plan *p = ok_raw ("linux.resources", all_resources);
  const struct cinch_resources *r = &p->linux_.res;
  (void) state;
  assert_true (r->present);
  /* devices */
  assert_int_equal (r->n_device_rules, 2);
  assert_false (r->device_rules[0].allow);
  assert_int_equal (r->device_rules[0].type, 'a');
  assert_int_equal (r->device_rules[0].major, -1);
  assert_string_equal (r->device_rules[0].access, "rwm");
  assert_true (r->device_rules[1].allow);
  assert_int_equal (r->device_rules[1].type, 'c');
  assert_int_equal (r->device_rules[1].major, 10);
  assert_int_equal (r->device_rules[1].minor, 229);
  /* memory */
  assert_true (r->has_memory_limit && r->memory_limit == 536870912);
  assert_true (r->has_memory_reservation && r->memory_reservation == 268435456);
  assert_true (r->has_memory_swap && r->memory_swap == -1);
  assert_true (r->has_memory_kernel && r->memory_kernel == 0);
  assert_true (r->has_memory_kernel_tcp && r->memory_kernel_tcp == 1048576);
  assert_true (r->has_memory_swappiness && r->memory_swappiness == 60);
  assert_true (r->has_disable_oom_killer && r->disable_oom_killer);
  assert_true (r->has_use_hierarchy && !r->use_hierarchy);
  assert_true (r->has_check_before_update && r->check_before_update);
  /* cpu */
  assert_true (r->has_cpu_shares && r->cpu_shares == 1024);
  assert_true (r->has_cpu_quota && r->cpu_quota == 50000);
  assert_true (r->has_cpu_burst && r->cpu_burst == 10000);
  assert_true (r->has_cpu_period && r->cpu_period == 100000);
  assert_true (r->has_cpu_realtime_runtime && r->cpu_realtime_runtime == 950000);
  assert_true (r->has_cpu_realtime_period && r->cpu_realtime_period == 1000000);
  assert_true (r->has_cpu_idle && r->cpu_idle == 1);
  assert_string_equal (r->cpu_cpus, "0-3,5");
  assert_string_equal (r->cpu_mems, "0");
  /* pids */
  assert_true (r->has_pids_limit && r->pids_limit == 100);
  /* blockIO */
  assert_true (r->has_blkio_weight && r->blkio_weight == 500);
  assert_true (r->has_blkio_leaf_weight && r->blkio_leaf_weight == 300);
  assert_int_equal (r->n_weight_devices, 2);
  assert_int_equal (r->weight_devices[0].major, 8);
  assert_int_equal (r->weight_devices[0].minor, 0);
  assert_true (r->weight_devices[0].has_weight && r->weight_devices[0].weight == 600);
  assert_true (r->weight_devices[0].has_leaf_weight && r->weight_devices[0].leaf_weight == 10);
  assert_int_equal (r->weight_devices[1].minor, 16);
  assert_true (r->weight_devices[1].has_weight && r->weight_devices[1].weight == 1000);
  assert_false (r->weight_devices[1].has_leaf_weight);
  assert_int_equal (r->n_throttle[CINCH_THROTTLE_READ_BPS], 1);
  assert_int_equal (r->throttle[CINCH_THROTTLE_READ_BPS][0].rate, 104857600);
  assert_int_equal (r->n_throttle[CINCH_THROTTLE_WRITE_BPS], 2);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_BPS][0].rate, 52428800);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_BPS][1].major, 253);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_BPS][1].minor, 1048575);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_BPS][1].rate, 0);
  assert_int_equal (r->n_throttle[CINCH_THROTTLE_READ_IOPS], 1);
  assert_int_equal (r->throttle[CINCH_THROTTLE_READ_IOPS][0].minor, 16);
  assert_int_equal (r->throttle[CINCH_THROTTLE_READ_IOPS][0].rate, 1000);
  assert_int_equal (r->n_throttle[CINCH_THROTTLE_WRITE_IOPS], 1);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_IOPS][0].major, 4095);
  assert_int_equal (r->throttle[CINCH_THROTTLE_WRITE_IOPS][0].rate, 500);
  /* hugepageLimits */
  assert_int_equal (r->n_hugepage_limits, 2);
  assert_string_equal (r->hugepage_limits[0].page_size, "2MB");
  assert_int_equal (r->hugepage_limits[0].limit, 209715200);
  assert_string_equal (r->hugepage_limits[1].page_size, "1GB");
  assert_true (r->hugepage_limits[1].limit == UINT64_MAX);
  /* network */
  assert_true (r->has_net_class_id && r->net_class_id == 1048577);
  assert_int_equal (r->n_net_priorities, 2);
  assert_string_equal (r->net_priorities[0].key, "eth0");
  assert_string_equal (r->net_priorities[0].value, "500");
  assert_string_equal (r->net_priorities[1].key, "lo");
  assert_string_equal (r->net_priorities[1].value, "4294967295");
  /* rdma, in the order written */
  assert_int_equal (r->n_rdma, 2);
  assert_string_equal (r->rdma[0].device, "mlx5_1");
  assert_true (r->rdma[0].has_hca_handles && r->rdma[0].hca_handles == 3);
  assert_true (r->rdma[0].has_hca_objects && r->rdma[0].hca_objects == 10000);
  assert_string_equal (r->rdma[1].device, "mlx4_0");
  assert_false (r->rdma[1].has_hca_handles);
  assert_true (r->rdma[1].has_hca_objects && r->rdma[1].hca_objects == 1);
  /* unified, in the order written */
  assert_int_equal (r->n_unified, 3);
  assert_string_equal (r->unified[0].key, "memory.high");
  assert_string_equal (r->unified[0].value, "1073741824");
  assert_string_equal (r->unified[1].key, "io.max");
  assert_string_equal (r->unified[1].value, "8:0 rbps=1024");
  assert_string_equal (r->unified[2].key, "cpu.weight");
  assert_string_equal (r->unified[2].value, "");
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
}

/* null is "not set" at every level; the zero values engines send for
 * "not set" are kept for the converter to read that way.  */
static void
test_resources_null_and_zero (void **state)
{
  struct cinch_plan *p;
  const struct cinch_resources *r;
  (void) state;
  p = ok ("linux.resources",
          "{\"devices\": null, \"memory\": {\"limit\": null, \"reservation\": null,"
          " \"swap\": null, \"kernel\": null, \"kernelTCP\": null, \"swappiness\": null,"
          " \"disableOOMKiller\": null, \"useHierarchy\": null, \"checkBeforeUpdate\": null},"
          " \"cpu\": {\"shares\": null, \"quota\": null, \"burst\": null, \"period\": null,"
          " \"realtimeRuntime\": null, \"realtimePeriod\": null, \"cpus\": null, \"mems\": null,"
          " \"idle\": null},"
          " \"pids\": {\"limit\": null},"
          " \"blockIO\": {\"weight\": null, \"leafWeight\": null, \"weightDevice\": null,"
          " \"throttleReadBpsDevice\": null, \"throttleWriteBpsDevice\": null,"
          " \"throttleReadIOPSDevice\": null, \"throttleWriteIOPSDevice\": null},"
          " \"hugepageLimits\": null, \"network\": {\"classID\": null, \"priorities\": null},"
          " \"rdma\": {\"mlx5_0\": {\"hcaHandles\": null, \"hcaObjects\": null}},"
          " \"unified\": null}",
          NULL);
  r = &p->linux_.res;
  assert_true (r->present);
  assert_false (r->has_memory_limit || r->has_memory_reservation || r->has_memory_swap
                || r->has_memory_kernel || r->has_memory_kernel_tcp || r->has_memory_swappiness
                || r->has_disable_oom_killer || r->has_use_hierarchy || r->has_check_before_update);
  assert_false (r->has_cpu_shares || r->has_cpu_quota || r->has_cpu_burst || r->has_cpu_period
                || r->has_cpu_realtime_runtime || r->has_cpu_realtime_period || r->has_cpu_idle);
  assert_null (r->cpu_cpus);
  assert_null (r->cpu_mems);
  assert_false (r->has_pids_limit || r->has_blkio_weight || r->has_blkio_leaf_weight
                || r->has_net_class_id);
  assert_int_equal (r->n_device_rules + r->n_weight_devices + r->n_hugepage_limits
                        + r->n_net_priorities + r->n_unified,
                    0);
  for (int k = 0; k < CINCH_THROTTLE_COUNT; k++)
    assert_int_equal (r->n_throttle[k], 0);
  assert_int_equal (r->n_rdma, 1);
  assert_false (r->rdma[0].has_hca_handles || r->rdma[0].has_hca_objects);
  cinch_plan_free (p);

  /* the sub-objects themselves null, and empty */
  p = ok ("linux.resources",
          "{\"memory\": null, \"cpu\": null, \"pids\": null, \"blockIO\": null,"
          " \"network\": null, \"rdma\": null}",
          NULL);
  assert_true (p->linux_.res.present);
  assert_int_equal (p->linux_.res.n_rdma, 0);
  cinch_plan_free (p);
  p = ok ("linux.resources", "{}", NULL);
  assert_true (p->linux_.res.present);
  cinch_plan_free (p);
  p = ok ("linux.resources", "null", NULL);
  assert_false (p->linux_.res.present);
  cinch_plan_free (p);

  /* Docker: zero shares, quota, period, weight; "" cpus and mems */
  p = ok ("linux.resources",
          "{\"cpu\": {\"shares\": 0, \"quota\": 0, \"period\": 0, \"cpus\": \"\", \"mems\": \"\"},"
          " \"blockIO\": {\"weight\": 0, \"leafWeight\": 0,"
          " \"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 0}]},"
          " \"memory\": {\"swappiness\": 0}, \"pids\": {\"limit\": 0}}",
          NULL);
  r = &p->linux_.res;
  assert_true (r->has_cpu_shares && r->cpu_shares == 0);
  assert_true (r->has_cpu_quota && r->cpu_quota == 0);
  assert_true (r->has_cpu_period && r->cpu_period == 0);
  assert_null (r->cpu_cpus);
  assert_null (r->cpu_mems);
  assert_true (r->has_blkio_weight && r->blkio_weight == 0);
  assert_true (r->has_blkio_leaf_weight && r->blkio_leaf_weight == 0);
  assert_true (r->weight_devices[0].has_weight && r->weight_devices[0].weight == 0);
  assert_true (r->has_memory_swappiness && r->memory_swappiness == 0);
  assert_true (r->has_pids_limit && r->pids_limit == 0);
  cinch_plan_free (p);

  /* Docker's swappiness -1 arrives as the uint64 2^64-1: not set */
  p = ok_raw ("linux.resources.memory", "{\"swappiness\": 18446744073709551615}");
  assert_false (p->linux_.res.has_memory_swappiness);
  cinch_plan_free (p);

  /* extremes: unlimited everything */
  p = ok_raw ("linux.resources", "{\"memory\": {\"limit\": -1, \"swap\": 9223372036854775807},"
                                 " \"cpu\": {\"shares\": 18446744073709551615, \"quota\": -1,"
                                 " \"realtimeRuntime\": -9223372036854775808, \"idle\": 0},"
                                 " \"pids\": {\"limit\": -1}}");
  r = &p->linux_.res;
  assert_true (r->memory_limit == -1);
  assert_true (r->memory_swap == INT64_MAX);
  assert_true (r->cpu_shares == UINT64_MAX);
  assert_true (r->cpu_quota == -1);
  assert_true (r->cpu_realtime_runtime == INT64_MIN);
  assert_true (r->has_cpu_idle && r->cpu_idle == 0);
  assert_true (r->pids_limit == -1);
  cinch_plan_free (p);
}

/* The list syntax of cpuset.cpus and cpuset.mems.  */
static void
test_resources_cpu_lists (void **state)
{
  static const char *const good[] = { "0",   "7",        "0-3",        "0-3,5",    "0,2,4-7",
                                      "0-0", "1-31:2/4", "0-1023:1/1", "123456789" };
  static const char *const bad_lists[] = { "a",     "-1",    "0-",        "3-1",     ",0",
                                           "0,",    "0,,1",  "0 - 3",     " 0",      "0\n",
                                           "0-3:",  "0-3:1", "0-3:2/",    "0-3:5/4", "0-3:0/0",
                                           "1:1/2", "0x1",   "1234567890" };
  (void) state;
  for (size_t i = 0; i < sizeof (good) / sizeof (good[0]); i++)
    {
      char *v = malloc (strlen (good[i]) + 3);
      struct cinch_plan *p;
      sprintf (v, "\"%s\"", good[i]);
      p = ok ("linux.resources.cpu.cpus", v, "linux.resources.cpu.mems", v, NULL);
      assert_string_equal (p->linux_.res.cpu_cpus, good[i]);
      assert_string_equal (p->linux_.res.cpu_mems, good[i]);
      cinch_plan_free (p);
      free (v);
    }
  for (size_t i = 0; i < sizeof (bad_lists) / sizeof (bad_lists[0]); i++)
    {
      json_t *s = json_string (bad_lists[i]);
      char *v = json_dumps (s, JSON_ENCODE_ANY);
      char *shown = cinch_printable (bad_lists[i], true);
      char *msg = NULL, *msg2 = NULL;
      assert_true (asprintf (&msg,
                             "linux.resources.cpu.cpus: \"%s\" is not a CPU list (numbers and "
                             "ranges, like \"0-3,5\")",
                             shown)
                   > 0);
      assert_true (asprintf (&msg2,
                             "linux.resources.cpu.mems: \"%s\" is not a memory node list (numbers "
                             "and ranges, like \"0-3,5\")",
                             shown)
                   > 0);
      bad (msg, "linux.resources.cpu.cpus", v, NULL);
      bad (msg2, "linux.resources.cpu.mems", v, NULL);
      free (msg);
      free (msg2);
      free (shown);
      free (v);
      json_decref (s);
    }
}

static void
test_resources_errors (void **state)
{
  (void) state;
  /* types */
  bad ("linux.resources.memory: expected an object", "linux.resources.memory", "5", NULL);
  bad ("linux.resources.cpu: expected an object", "linux.resources.cpu", "[]", NULL);
  bad ("linux.resources.pids: expected an object", "linux.resources.pids", "100", NULL);
  bad ("linux.resources.blockIO: expected an object", "linux.resources.blockIO", "\"x\"", NULL);
  bad ("linux.resources.network: expected an object", "linux.resources.network", "true", NULL);
  bad ("linux.resources.rdma: expected an object", "linux.resources.rdma", "[]", NULL);
  bad ("linux.resources.hugepageLimits: expected an array", "linux.resources.hugepageLimits", "{}",
       NULL);
  bad ("linux.resources.unified: expected an object", "linux.resources.unified", "[]", NULL);
  bad ("linux.resources.devices: expected an array", "linux.resources.devices", "{}", NULL);
  bad ("linux.resources.memory.limit: expected an integer", "linux.resources.memory.limit",
       "\"1G\"", NULL);
  bad ("linux.resources.memory.disableOOMKiller: expected a boolean",
       "linux.resources.memory.disableOOMKiller", "1", NULL);
  bad ("linux.resources.memory.useHierarchy: expected a boolean",
       "linux.resources.memory.useHierarchy", "\"true\"", NULL);
  bad ("linux.resources.memory.checkBeforeUpdate: expected a boolean",
       "linux.resources.memory.checkBeforeUpdate", "0", NULL);
  bad ("linux.resources.cpu.shares: expected an unsigned integer", "linux.resources.cpu.shares",
       "-2", NULL);
  bad ("linux.resources.cpu.period: expected an unsigned integer", "linux.resources.cpu.period",
       "1.5", NULL);
  bad ("linux.resources.cpu.burst: expected an unsigned integer", "linux.resources.cpu.burst", "-1",
       NULL);
  bad ("linux.resources.cpu.realtimePeriod: expected an unsigned integer",
       "linux.resources.cpu.realtimePeriod", "\"1\"", NULL);
  bad ("linux.resources.cpu.quota: expected an integer", "linux.resources.cpu.quota", "true", NULL);
  bad ("linux.resources.cpu.realtimeRuntime: expected an integer",
       "linux.resources.cpu.realtimeRuntime", "[]", NULL);
  bad ("linux.resources.cpu.cpus: expected a string", "linux.resources.cpu.cpus", "3", NULL);
  bad ("linux.resources.pids.limit: expected an integer", "linux.resources.pids.limit", "\"max\"",
       NULL);
  bad ("linux.resources.unified[\"memory.max\"]: expected a string", "linux.resources.unified",
       "{\"memory.max\": 1024}", NULL);
  bad ("linux.resources.unified[\"memory.max\"]: expected a string", "linux.resources.unified",
       "{\"memory.max\": null}", NULL);
  bad ("linux.resources.network.classID: 4294967296 is out of range (0..4294967295)",
       "linux.resources.network.classID", "4294967296", NULL);

  /* memory: -1 is unlimited, nothing is below it */
  bad ("linux.resources.memory.limit: -2 is out of range (-1..9223372036854775807)",
       "linux.resources.memory.limit", "-2", NULL);
  bad ("linux.resources.memory.reservation: -5 is out of range (-1..9223372036854775807)",
       "linux.resources.memory.reservation", "-5", NULL);
  bad_raw ("linux.resources.memory.swap: 9223372036854775808 is out of range "
           "(-1..9223372036854775807)",
           "linux.resources.memory.swap", "9223372036854775808");
  bad ("linux.resources.memory.kernel: -2 is out of range (-1..9223372036854775807)",
       "linux.resources.memory.kernel", "-2", NULL);
  bad ("linux.resources.memory.kernelTCP: -2 is out of range (-1..9223372036854775807)",
       "linux.resources.memory.kernelTCP", "-2", NULL);
  bad ("linux.resources.memory.swappiness: 101 is out of range (0..100)",
       "linux.resources.memory.swappiness", "101", NULL);
  bad_raw ("linux.resources.memory.swappiness: 18446744073709551614 is out of range (0..100)",
           "linux.resources.memory.swappiness", "18446744073709551614");
  bad ("linux.resources.memory.swappiness: expected an unsigned integer",
       "linux.resources.memory.swappiness", "-1", NULL);
  bad ("linux.resources.cpu.idle: 2 is out of range (0..1)", "linux.resources.cpu.idle", "2", NULL);
  bad ("linux.resources.cpu.idle: -1 is out of range (0..1)", "linux.resources.cpu.idle", "-1",
       NULL);

  /* blockIO weights */
  bad ("linux.resources.blockIO.weight: 9 is out of range (10..1000, or 0 for unset)",
       "linux.resources.blockIO.weight", "9", NULL);
  bad ("linux.resources.blockIO.weight: 1001 is out of range (10..1000, or 0 for unset)",
       "linux.resources.blockIO.weight", "1001", NULL);
  bad ("linux.resources.blockIO.weight: 4294967296 is out of range (0..4294967295)",
       "linux.resources.blockIO.weight", "4294967296", NULL);
  bad ("linux.resources.blockIO.leafWeight: 1 is out of range (10..1000, or 0 for unset)",
       "linux.resources.blockIO.leafWeight", "1", NULL);
  bad ("linux.resources.blockIO.weight: expected an unsigned integer",
       "linux.resources.blockIO.weight", "-1", NULL);
  bad ("linux.resources.blockIO.weightDevice[1].weight: 65536 is out of range (10..1000, or 0 "
       "for unset)",
       "linux.resources.blockIO.weightDevice",
       "[{\"major\": 8, \"minor\": 0}, {\"major\": 8, \"minor\": 1, \"weight\": 65536}]", NULL);
  bad ("linux.resources.blockIO.weightDevice[0].leafWeight: 2000 is out of range (10..1000, or 0 "
       "for unset)",
       "linux.resources.blockIO.weightDevice",
       "[{\"major\": 8, \"minor\": 0, \"leafWeight\": 2000}]", NULL);

  /* block devices */
  bad ("linux.resources.blockIO.weightDevice[1].major: required",
       "linux.resources.blockIO.weightDevice",
       "[{\"major\": 8, \"minor\": 0}, {\"minor\": 0, \"weight\": 100}]", NULL);
  bad ("linux.resources.blockIO.weightDevice[0].minor: required",
       "linux.resources.blockIO.weightDevice", "[{\"major\": 8, \"minor\": null}]", NULL);
  bad ("linux.resources.blockIO.weightDevice[0]: expected an object",
       "linux.resources.blockIO.weightDevice", "[\"8:0\"]", NULL);
  bad ("linux.resources.blockIO.weightDevice: expected an array",
       "linux.resources.blockIO.weightDevice", "{}", NULL);
  bad ("linux.resources.blockIO.throttleReadBpsDevice[0].major: 4096 is out of range (0..4095)",
       "linux.resources.blockIO.throttleReadBpsDevice",
       "[{\"major\": 4096, \"minor\": 0, \"rate\": 1}]", NULL);
  bad ("linux.resources.blockIO.throttleWriteBpsDevice[0].minor: 1048576 is out of range "
       "(0..1048575)",
       "linux.resources.blockIO.throttleWriteBpsDevice",
       "[{\"major\": 8, \"minor\": 1048576, \"rate\": 1}]", NULL);
  bad ("linux.resources.blockIO.throttleReadIOPSDevice[0].major: -1 is out of range (0..4095)",
       "linux.resources.blockIO.throttleReadIOPSDevice",
       "[{\"major\": -1, \"minor\": 0, \"rate\": 1}]", NULL);
  bad ("linux.resources.blockIO.throttleWriteIOPSDevice[1].rate: required",
       "linux.resources.blockIO.throttleWriteIOPSDevice",
       "[{\"major\": 8, \"minor\": 0, \"rate\": 1}, {\"major\": 8, \"minor\": 0}]", NULL);
  bad ("linux.resources.blockIO.throttleReadBpsDevice[0].rate: expected an unsigned integer",
       "linux.resources.blockIO.throttleReadBpsDevice",
       "[{\"major\": 8, \"minor\": 0, \"rate\": -1}]", NULL);
  bad ("linux.resources.blockIO.throttleWriteIOPSDevice: expected an array",
       "linux.resources.blockIO.throttleWriteIOPSDevice", "5", NULL);

  /* hugepageLimits */
  bad ("linux.resources.hugepageLimits[0].pageSize: required", "linux.resources.hugepageLimits",
       "[{\"limit\": 1}]", NULL);
  bad ("linux.resources.hugepageLimits[1].limit: required", "linux.resources.hugepageLimits",
       "[{\"pageSize\": \"2MB\", \"limit\": 0}, {\"pageSize\": \"1GB\"}]", NULL);
  bad ("linux.resources.hugepageLimits[0].limit: expected an unsigned integer",
       "linux.resources.hugepageLimits", "[{\"pageSize\": \"2MB\", \"limit\": -1}]", NULL);
  bad ("linux.resources.hugepageLimits[0].pageSize: expected a string",
       "linux.resources.hugepageLimits", "[{\"pageSize\": 2097152, \"limit\": 1}]", NULL);
  {
    static const char *const sizes[] = { "2M",  "2mb", "MB", "02MB", "2 MB", "2MB ", "2KiB",
                                         "2EB", "",    "2B", "-2MB", "2MBB", "0KB" };
    for (size_t i = 0; i < sizeof (sizes) / sizeof (sizes[0]); i++)
      {
        char *v = NULL, *msg = NULL;
        assert_true (asprintf (&v, "[{\"pageSize\": \"%s\", \"limit\": 1}]", sizes[i]) > 0);
        assert_true (asprintf (&msg,
                               "linux.resources.hugepageLimits[0].pageSize: \"%s\" is not a page "
                               "size (a number then KB, MB, GB, TB or PB, like \"2MB\")",
                               sizes[i])
                     > 0);
        bad (msg, "linux.resources.hugepageLimits", v, NULL);
        free (v);
        free (msg);
      }
  }
  {
    struct cinch_plan *p =
        ok ("linux.resources.hugepageLimits",
            "[{\"pageSize\": \"64KB\", \"limit\": 1}, {\"pageSize\": \"16GB\", \"limit\": 2},"
            " {\"pageSize\": \"512MB\", \"limit\": 3}, {\"pageSize\": \"1TB\", \"limit\": 4},"
            " {\"pageSize\": \"1PB\", \"limit\": 5}]",
            NULL);
    assert_int_equal (p->linux_.res.n_hugepage_limits, 5);
    assert_string_equal (p->linux_.res.hugepage_limits[4].page_size, "1PB");
    cinch_plan_free (p);
  }

  /* network */
  bad ("linux.resources.network.priorities[0].name: required", "linux.resources.network.priorities",
       "[{\"priority\": 1}]", NULL);
  bad ("linux.resources.network.priorities[1].priority: required",
       "linux.resources.network.priorities",
       "[{\"name\": \"eth0\", \"priority\": 1}, {\"name\": \"eth1\"}]", NULL);
  bad ("linux.resources.network.priorities[0].priority: 4294967296 is out of range "
       "(0..4294967295)",
       "linux.resources.network.priorities", "[{\"name\": \"eth0\", \"priority\": 4294967296}]",
       NULL);
  bad ("linux.resources.network.priorities: expected an array",
       "linux.resources.network.priorities", "{\"eth0\": 1}", NULL);
  {
    static const char *const names[] = {
      "", "eth 0", "a/b", "eth0:1", ".", "..", "0123456789abcdef", "tab\\t", "nl\\n"
    };
    static const char *const shown[] = {
      "", "eth 0", "a/b", "eth0:1", ".", "..", "0123456789abcdef", "tab\\x09", "nl\\x0a"
    };
    for (size_t i = 0; i < sizeof (names) / sizeof (names[0]); i++)
      {
        char *v = NULL, *msg = NULL;
        assert_true (asprintf (&v, "[{\"name\": \"%s\", \"priority\": 1}]", names[i]) > 0);
        assert_true (asprintf (&msg,
                               "linux.resources.network.priorities[0].name: \"%s\" is not a "
                               "network interface name (1 to 15 bytes, no space, '/' or ':')",
                               shown[i])
                     > 0);
        bad (msg, "linux.resources.network.priorities", v, NULL);
        free (v);
        free (msg);
      }
  }
  {
    struct cinch_plan *p = ok ("linux.resources.network.priorities",
                               "[{\"name\": \"0123456789abcde\", \"priority\": 0},"
                               " {\"name\": \"veth-x.y_z@1\", \"priority\": 7}]",
                               NULL);
    assert_int_equal (p->linux_.res.n_net_priorities, 2);
    assert_string_equal (p->linux_.res.net_priorities[0].key, "0123456789abcde");
    assert_string_equal (p->linux_.res.net_priorities[0].value, "0");
    assert_string_equal (p->linux_.res.net_priorities[1].value, "7");
    cinch_plan_free (p);
  }

  /* rdma */
  bad ("linux.resources.rdma[\"mlx5_0\"]: expected an object", "linux.resources.rdma",
       "{\"mlx5_0\": 5}", NULL);
  bad ("linux.resources.rdma[\"mlx5_0\"]: expected an object", "linux.resources.rdma",
       "{\"mlx5_0\": null}", NULL);
  bad ("linux.resources.rdma[\"mlx5_0\"].hcaHandles: 4294967296 is out of range (0..4294967295)",
       "linux.resources.rdma", "{\"mlx5_0\": {\"hcaHandles\": 4294967296}}", NULL);
  bad ("linux.resources.rdma[\"b\"].hcaObjects: expected an unsigned integer",
       "linux.resources.rdma", "{\"a\": {}, \"b\": {\"hcaObjects\": -1}}", NULL);
  bad ("linux.resources.rdma[\"mlx5 0\"]: not an RDMA device name (1 to 63 bytes, no space or "
       "control character)",
       "linux.resources.rdma", "{\"mlx5 0\": {}}", NULL);
  bad ("linux.resources.rdma[\"\"]: not an RDMA device name (1 to 63 bytes, no space or "
       "control character)",
       "linux.resources.rdma", "{\"\": {}}", NULL);
  bad ("linux.resources.rdma[\"a\\x0ab\"]: not an RDMA device name (1 to 63 bytes, no space or "
       "control character)",
       "linux.resources.rdma", "{\"a\\nb\": {}}", NULL);
  bad ("linux.resources.rdma[\"0123456789012345678901234567890123456789012345678901234567890123\"]"
       ": not an RDMA device name (1 to 63 bytes, no space or control character)",
       "linux.resources.rdma",
       "{\"0123456789012345678901234567890123456789012345678901234567890123\": {}}", NULL);

  /* the first error in document order of the checks wins, deep in arrays */
  bad ("linux.resources.blockIO.weightDevice[2].major: 5000 is out of range (0..4095)",
       "linux.resources.blockIO.weightDevice",
       "[{\"major\": 8, \"minor\": 0}, {\"major\": 8, \"minor\": 1},"
       " {\"major\": 5000, \"minor\": 0}]",
       NULL);
}

/* cinch_resources_parse: what `update --resources` reads.  */
static void
test_resources_parse (void **state)
{
  static const char containerd[] = "{\"memory\":{\"limit\":268435456,\"swap\":268435456},"
                                   "\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000},"
                                   "\"pids\":{\"limit\":100}}";
  struct cinch_resources r;
  cinch_error_t err = NULL;
  (void) state;
  memset (&r, 0xaa, sizeof (r));
  assert_int_equal (cinch_resources_parse (containerd, strlen (containerd), &r, &err), 0);
  assert_null (err);
  assert_true (r.present);
  assert_true (r.has_memory_limit && r.memory_limit == 268435456);
  assert_true (r.has_memory_swap && r.memory_swap == 268435456);
  assert_false (r.has_memory_reservation || r.has_memory_swappiness);
  assert_true (r.has_cpu_shares && r.cpu_shares == 512);
  assert_true (r.has_cpu_quota && r.cpu_quota == 50000);
  assert_true (r.has_cpu_period && r.cpu_period == 100000);
  assert_false (r.has_cpu_burst);
  assert_null (r.cpu_cpus);
  assert_true (r.has_pids_limit && r.pids_limit == 100);
  assert_int_equal (r.n_device_rules, 0);
  assert_null (r.device_rules);
  cinch_resources_clear (&r);
  assert_false (r.present);
  assert_null (r.cpu_cpus);
  cinch_resources_clear (&r); /* idempotent */
  cinch_resources_clear (NULL);

  /* CRI-O sends every member, unset ones null or zero */
  {
    static const char crio[] =
        "{\"devices\":null,\"memory\":{\"limit\":0,\"swap\":null},"
        "\"cpu\":{\"shares\":2,\"quota\":-1,\"period\":100000,\"cpus\":\"0-1\","
        "\"mems\":\"\"},\"pids\":null,\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":0}],"
        "\"unified\":{\"memory.oom.group\":\"1\"}}";
    assert_int_equal (cinch_resources_parse (crio, strlen (crio), &r, &err), 0);
    assert_true (r.has_memory_limit && r.memory_limit == 0);
    assert_false (r.has_memory_swap || r.has_pids_limit);
    assert_true (r.cpu_quota == -1);
    assert_string_equal (r.cpu_cpus, "0-1");
    assert_null (r.cpu_mems);
    assert_string_equal (r.hugepage_limits[0].page_size, "2MB");
    assert_string_equal (r.unified[0].key, "memory.oom.group");
    cinch_resources_clear (&r);
  }
}

static void
test_resources_parse_errors (void **state)
{
  struct cinch_resources r, before;
  cinch_error_t err = NULL;
  (void) state;
  memset (&r, 0x5a, sizeof (r));
  before = r;
#define RES_BAD(text, msg)                                                                         \
  do                                                                                               \
    {                                                                                              \
      assert_int_equal (cinch_resources_parse (text, strlen (text), &r, &err), -1);                \
      assert_string_equal (cinch_error_msg (err), msg);                                            \
      assert_memory_equal (&r, &before, sizeof (r));                                               \
      cinch_error_free (&err);                                                                     \
    }                                                                                              \
  while (0)
  /* paths have no "linux.resources." prefix */
  RES_BAD ("{\"memory\": {\"limit\": \"1G\"}}", "memory.limit: expected an integer");
  RES_BAD ("{\"pids\": 5}", "pids: expected an object");
  RES_BAD ("{\"blockIO\": {\"weightDevice\": [{\"major\": 8, \"minor\": 0},"
           " {\"major\": 8}]}}",
           "blockIO.weightDevice[1].minor: required");
  RES_BAD ("{\"rdma\": {\"a b\": {}}}",
           "rdma[\"a b\"]: not an RDMA device name (1 to 63 bytes, no space or control "
           "character)");
  RES_BAD ("{\"unified\": {\"cpu.max\": 5}}", "unified[\"cpu.max\"]: expected a string");
  RES_BAD ("{\"devices\": [{\"allow\": true, \"type\": \"x\"}]}",
           "devices[0].type: unknown device rule type \"x\" (expected a, c or b)");
  /* failures after allocations: no leak (ASan) */
  RES_BAD ("{\"devices\": [{\"allow\": true, \"access\": \"rw\"}], \"cpu\": {\"cpus\": \"1\","
           " \"mems\": \"x\"}}",
           "cpu.mems: \"x\" is not a memory node list (numbers and ranges, like \"0-3,5\")");
  RES_BAD ("{\"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 1}, {\"pageSize\": \"1G\","
           " \"limit\": 1}]}",
           "hugepageLimits[1].pageSize: \"1G\" is not a page size (a number then KB, MB, GB, TB or "
           "PB, like \"2MB\")");
  RES_BAD ("{\"rdma\": {\"a\": {}, \"b\": 1}, \"unified\": {\"x\": \"y\"}}",
           "rdma[\"b\"]: expected an object");
  RES_BAD ("{\"network\": {\"priorities\": [{\"name\": \"eth0\", \"priority\": 1},"
           " {\"name\": \"eth1\", \"priority\": \"1\"}]}}",
           "network.priorities[1].priority: expected an unsigned integer");
  RES_BAD ("{\"unified\": {\"a\": \"b\", \"c\": []}}", "unified[\"c\"]: expected a string");
  /* the document itself */
  RES_BAD ("[]", "resources.json: expected a JSON object");
  RES_BAD ("{\"memory\": ", "resources.json: invalid JSON at line 1 column 11: unexpected token "
                            "near end of file");
  RES_BAD ("", "resources.json: invalid JSON at line 1 column 0: '[' or '{' expected near end of "
               "file");
  assert_int_equal (cinch_resources_parse (NULL, 0, &r, &err), -1);
  assert_string_equal (cinch_error_msg (err), "resources.json: no input");
  cinch_error_free (&err);
#undef RES_BAD
}

/* ------------------------------------------------------------------ */
/* A full config.json, as `runc spec` writes it plus the usual additions.  */

static const char full_config[] =
    "{\n"
    "  \"ociVersion\": \"1.0.2-dev\",\n"
    "  \"process\": {\n"
    "    \"terminal\": true,\n"
    "    \"user\": {\"uid\": 0, \"gid\": 0},\n"
    "    \"args\": [\"sh\"],\n"
    "    \"env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
    " \"TERM=xterm\"],\n"
    "    \"cwd\": \"/\",\n"
    "    \"capabilities\": {\n"
    "      \"bounding\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],\n"
    "      \"effective\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],\n"
    "      \"permitted\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],\n"
    "      \"ambient\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"]\n"
    "    },\n"
    "    \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024}],\n"
    "    \"noNewPrivileges\": true\n"
    "  },\n"
    "  \"root\": {\"path\": \"rootfs\", \"readonly\": true},\n"
    "  \"hostname\": \"runc\",\n"
    "  \"mounts\": [\n"
    "    {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
    "    {\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
    "     \"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"]},\n"
    "    {\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
    "     \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", "
    "\"mode=0620\", \"gid=5\"]},\n"
    "    {\"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
    "     \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\"]},\n"
    "    {\"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
    "     \"options\": [\"nosuid\", \"noexec\", \"nodev\"]},\n"
    "    {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
    "     \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]},\n"
    "    {\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
    "     \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"]}\n"
    "  ],\n"
    "  \"linux\": {\n"
    "    \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]},\n"
    "    \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"network\"}, {\"type\": \"ipc\"},\n"
    "                   {\"type\": \"uts\"}, {\"type\": \"mount\"}, {\"type\": \"cgroup\"}],\n"
    "    \"maskedPaths\": [\"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\",\n"
    "      \"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\",\n"
    "      \"/proc/sched_debug\", \"/sys/firmware\", \"/proc/scsi\"],\n"
    "    \"readonlyPaths\": [\"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\",\n"
    "      \"/proc/sysrq-trigger\"]\n"
    "  }\n"
    "}\n";

static void
test_full_config (void **state)
{
  struct cinch_plan *p = parse_text_ok (full_config);
  (void) state;
  assert_string_equal (p->oci_version, "1.0.2-dev");
  assert_true (p->root_readonly);
  assert_true (p->process.terminal);
  assert_true (p->process.no_new_privileges);
  assert_int_equal (p->process.caps[CINCH_CAP_AMBIENT],
                    (UINT64_C (1) << 29) | (UINT64_C (1) << 5) | (UINT64_C (1) << 10));
  assert_int_equal (p->n_mounts, 7);
  assert_string_equal (p->mounts[6].destination, "/sys/fs/cgroup");
  assert_true (p->mounts[6].attr_set & MOUNT_ATTR_RDONLY);
  assert_string_equal (p->mounts[2].data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
  assert_true (p->linux_.res.present);
  assert_true (p->linux_.ns[CINCH_NS_CGROUP].present);
  assert_false (p->linux_.ns[CINCH_NS_USER].present);
  assert_false (p->linux_.ns[CINCH_NS_TIME].present);
  assert_int_equal (cinch_strv_len (p->linux_.masked_paths), 10);
  assert_int_equal (cinch_strv_len (p->linux_.readonly_paths), 5);
  assert_string_equal (p->hostname, "runc");
  assert_int_equal (n_warnings (p), 0);
  cinch_plan_free (p);
}

/* ------------------------------------------------------------------ */
/* cinch_process_parse  */

static void
test_process_parse (void **state)
{
  static const char text[] =
      "{\"cwd\": \"/tmp\", \"args\": [\"ls\", \"-l\"], \"user\": {\"uid\": 5,"
      " \"gid\": 6}, \"env\": [\"A=b\"], \"capabilities\": {\"bounding\":"
      " [\"CAP_KILL\", \"CAP_NOPE\"]}}";
  struct cinch_process proc;
  cinch_error_t err = NULL;
  (void) state;
  memset (&proc, 0xaa, sizeof (proc));
  assert_int_equal (cinch_process_parse (text, strlen (text), &proc, &err), 0);
  assert_string_equal (proc.cwd, "/tmp");
  assert_string_equal (proc.args[1], "-l");
  assert_int_equal (proc.uid, 5);
  assert_int_equal (proc.gid, 6);
  assert_string_equal (proc.env[0], "A=b");
  assert_int_equal (proc.caps[CINCH_CAP_BOUNDING], UINT64_C (1) << 5);
  cinch_process_clear (&proc);
  assert_null (proc.args);
  assert_null (proc.cwd);
  cinch_process_clear (&proc); /* idempotent */
  cinch_process_clear (NULL);
}

static void
test_process_parse_errors (void **state)
{
  struct cinch_process proc, before;
  cinch_error_t err = NULL;
  static const char missing[] = "{\"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}}";
  static const char broken[] = "{\"cwd\": \"/\",";
  (void) state;
  memset (&proc, 0x5a, sizeof (proc));
  before = proc;
  assert_int_equal (cinch_process_parse (missing, strlen (missing), &proc, &err), -1);
  assert_string_equal (cinch_error_msg (err), "process.args: required");
  assert_memory_equal (&proc, &before, sizeof (proc));
  cinch_error_free (&err);
  assert_int_equal (cinch_process_parse (broken, strlen (broken), &proc, &err), -1);
  assert_string_equal (cinch_error_msg (err), "process.json: invalid JSON at line 1 column 12: "
                                              "string or '}' expected near end of file");
  cinch_error_free (&err);
  assert_int_equal (cinch_process_parse ("[]", 2, &proc, &err), -1);
  assert_string_equal (cinch_error_msg (err), "process.json: expected a JSON object");
  cinch_error_free (&err);
  /* an error deep in the object, after allocations: no leak (ASan) */
  {
    static const char late[] = "{\"cwd\": \"/\", \"args\": [\"a\"], \"env\": [\"A=1\"],"
                               " \"user\": {\"uid\": 0, \"gid\": 0}, \"oomScoreAdj\": 5000}";
    assert_int_equal (cinch_process_parse (late, strlen (late), &proc, &err), -1);
    assert_string_equal (cinch_error_msg (err),
                         "process.oomScoreAdj: 5000 is out of range (-1000..1000)");
    cinch_error_free (&err);
  }
}

/* ------------------------------------------------------------------ */
/* cinch_plan_load  */

static char *
make_bundle (const char *config, size_t len)
{
  char tmpl[] = "/tmp/cinch-test-parse-XXXXXX";
  char *dir = mkdtemp (tmpl);
  char *path;
  FILE *f;

  assert_non_null (dir);
  dir = strdup (dir);
  path = cinch_xasprintf ("%s/config.json", dir);
  f = fopen (path, "w");
  assert_non_null (f);
  assert_int_equal (fwrite (config, 1, len, f), len);
  fclose (f);
  free (path);
  return dir;
}

static void
remove_bundle (char *dir)
{
  char *path = cinch_xasprintf ("%s/config.json", dir);
  unlink (path);
  free (path);
  path = cinch_xasprintf ("%s/other.json", dir);
  unlink (path);
  free (path);
  rmdir (dir);
  free (dir);
}

static void
test_plan_load (void **state)
{
  char *dir = make_bundle (minimal, strlen (minimal));
  char *rel, *expect_root, cwd[PATH_MAX];
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;
  (void) state;

  /* a non-canonical bundle path is made absolute and canonical */
  rel = cinch_xasprintf ("%s/./", dir);
  assert_int_equal (cinch_plan_load (rel, NULL, &p, &err), 0);
  assert_string_equal (p->bundle, dir);
  expect_root = cinch_xasprintf ("%s/rootfs", dir);
  assert_string_equal (p->root_path, expect_root);
  cinch_plan_free (p);
  p = NULL;

  /* relative to the current directory */
  assert_non_null (getcwd (cwd, sizeof (cwd)));
  assert_int_equal (chdir (dir), 0);
  assert_int_equal (cinch_plan_load (".", NULL, &p, &err), 0);
  assert_string_equal (p->bundle, dir);
  cinch_plan_free (p);
  p = NULL;
  assert_int_equal (cinch_plan_load (NULL, NULL, &p, &err), 0);
  assert_string_equal (p->bundle, dir);
  cinch_plan_free (p);
  p = NULL;
  assert_int_equal (chdir (cwd), 0);
  free (expect_root);
  free (rel);
  remove_bundle (dir);
}

static void
test_plan_load_config_path (void **state)
{
  char *dir = make_bundle ("{", 1);
  char *other = NULL, *cfgpath;
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;
  FILE *f;
  (void) state;

  other = cinch_xasprintf ("%s/other.json", dir);
  f = fopen (other, "w");
  fputs (full_config, f);
  fclose (f);
  assert_int_equal (cinch_plan_load (dir, other, &p, &err), 0);
  assert_int_equal (p->n_mounts, 7);
  cinch_plan_free (p);
  p = NULL;

  /* parse errors name the file that was read */
  cfgpath = cinch_xasprintf ("%s/config.json", dir);
  assert_int_equal (cinch_plan_load (dir, NULL, &p, &err), -1);
  {
    char *expect = cinch_xasprintf ("%s: invalid JSON at line 1 column 1: string or '}' expected "
                                    "near end of file",
                                    cfgpath);
    assert_string_equal (cinch_error_msg (err), expect);
    free (expect);
  }
  cinch_error_free (&err);
  assert_null (p);
  free (cfgpath);
  free (other);
  remove_bundle (dir);
}

static void
test_plan_load_errors (void **state)
{
  struct cinch_plan *p = NULL;
  cinch_error_t err = NULL;
  char *dir, *big;
  (void) state;

  assert_int_equal (cinch_plan_load ("/nonexistent/cinch/bundle", NULL, &p, &err), -1);
  assert_string_equal (cinch_error_msg (err),
                       "bundle `/nonexistent/cinch/bundle`: No such file or directory");
  assert_int_equal (err->errnum, ENOENT);
  cinch_error_free (&err);

  dir = make_bundle (minimal, strlen (minimal));
  assert_int_equal (cinch_plan_load (dir, "/nonexistent/config.json", &p, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "/nonexistent/config.json"));
  cinch_error_free (&err);
  remove_bundle (dir);

  /* larger than the limit: refused while reading */
  big = malloc (CINCH_CONFIG_MAX_SIZE + 10);
  memset (big, ' ', CINCH_CONFIG_MAX_SIZE + 10);
  memcpy (big, minimal, strlen (minimal));
  dir = make_bundle (big, CINCH_CONFIG_MAX_SIZE + 10);
  assert_int_equal (cinch_plan_load (dir, NULL, &p, &err), -1);
  assert_non_null (strstr (cinch_error_msg (err), "larger than 4194304 bytes"));
  assert_null (p);
  cinch_error_free (&err);
  remove_bundle (dir);
  free (big);
}

static void
test_plan_free_null (void **state)
{
  (void) state;
  cinch_plan_free (NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_minimal),
    cmocka_unit_test (test_oci_version),
    cmocka_unit_test (test_invalid_json),
    cmocka_unit_test (test_invalid_json_embedded_nul),
    cmocka_unit_test (test_length_not_nul_terminated),
    cmocka_unit_test (test_bad_arguments),
    cmocka_unit_test (test_size_limit),
    cmocka_unit_test (test_depth_limit),
    cmocka_unit_test (test_unknown_fields_ignored),
    cmocka_unit_test (test_null_means_absent),
    cmocka_unit_test (test_root),
    cmocka_unit_test (test_root_errors),
    cmocka_unit_test (test_mounts),
    cmocka_unit_test (test_mount_destination_cleaned),
    cmocka_unit_test (test_mount_errors),
    cmocka_unit_test (test_mount_idmap),
    cmocka_unit_test (test_mount_idmap_errors),
    cmocka_unit_test (test_process_absent),
    cmocka_unit_test (test_process_fields),
    cmocka_unit_test (test_process_errors),
    cmocka_unit_test (test_user_errors),
    cmocka_unit_test (test_capabilities),
    cmocka_unit_test (test_capabilities_unknown_warns),
    cmocka_unit_test (test_capabilities_errors),
    cmocka_unit_test (test_rlimits),
    cmocka_unit_test (test_rlimits_errors),
    cmocka_unit_test (test_big_unsigned_integers),
    cmocka_unit_test (test_big_integer_keeps_error_columns),
    cmocka_unit_test (test_scheduler),
    cmocka_unit_test (test_scheduler_errors),
    cmocka_unit_test (test_io_priority),
    cmocka_unit_test (test_exec_cpu_affinity_warns),
    cmocka_unit_test (test_hostname),
    cmocka_unit_test (test_annotations),
    cmocka_unit_test (test_long_names_cut_in_messages),
    cmocka_unit_test (test_hooks),
    cmocka_unit_test (test_hooks_errors),
    cmocka_unit_test (test_namespaces),
    cmocka_unit_test (test_namespaces_errors),
    cmocka_unit_test (test_id_mappings),
    cmocka_unit_test (test_id_mappings_errors),
    cmocka_unit_test (test_time_offsets),
    cmocka_unit_test (test_devices),
    cmocka_unit_test (test_devices_errors),
    cmocka_unit_test (test_linux_simple_fields),
    cmocka_unit_test (test_sysctl),
    cmocka_unit_test (test_rootfs_propagation),
    cmocka_unit_test (test_personality),
    cmocka_unit_test (test_unsupported_warns),
    cmocka_unit_test (test_warnings_capped),
    cmocka_unit_test (test_seccomp),
    cmocka_unit_test (test_seccomp_names),
    cmocka_unit_test (test_seccomp_errors),
    cmocka_unit_test (test_type_errors_everywhere),
    cmocka_unit_test (test_resources_fields),
    cmocka_unit_test (test_resources_null_and_zero),
    cmocka_unit_test (test_resources_cpu_lists),
    cmocka_unit_test (test_resources_errors),
    cmocka_unit_test (test_resources_parse),
    cmocka_unit_test (test_resources_parse_errors),
    cmocka_unit_test (test_full_config),
    cmocka_unit_test (test_process_parse),
    cmocka_unit_test (test_process_parse_errors),
    cmocka_unit_test (test_plan_load),
    cmocka_unit_test (test_plan_load_config_path),
    cmocka_unit_test (test_plan_load_errors),
    cmocka_unit_test (test_plan_free_null),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
