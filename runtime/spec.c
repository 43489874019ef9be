/* cinch — the default config.json written by `cinch spec`.
 *
 * The document follows `runc spec` (libcontainer/specconv.Example and
 * ToRootless in runc 1.1) so that bundles move between runtimes unchanged,
 * with three deliberate differences:
 *   - process.terminal is false, so that `cinch run` of a fresh bundle works
 *     from a script, a pipe or CI without --console-socket;
 *   - the hostname is "cinch";
 *   - linux.resources is absent (runc writes a deny-all device rule): cgroup
 *     limits belong to the cgroup layer and a fresh bundle must run on a host
 *     without cgroup v2 controllers.
 * Pure: the document is built from constants and the arguments only.  */
#include "spec.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "util.h"

/* runc's default capability cinch_json_set (bounding, effective, permitted).
 * Inheritable and ambient stay absent: a non-empty inheritable set lets
 * file capabilities of an image's binaries be gained after exec
 * (CVE-2022-29162).  */
static const char *const default_caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE",
                                            NULL };

static json_t *
default_process (void)
{
  static const char *const args[] = { "sh", NULL };
  static const char *const env[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL
  };
  json_t *p = cinch_json_must (json_object ());
  json_t *caps = cinch_json_must (json_object ());
  json_t *rlimits = cinch_json_must (json_array ());

  cinch_json_set (p, "terminal", json_false ());
  cinch_json_set (p, "user", json_pack ("{s:i, s:i}", "uid", 0, "gid", 0));
  cinch_json_set (p, "args", cinch_json_str_array (args));
  cinch_json_set (p, "env", cinch_json_str_array (env));
  cinch_json_set (p, "cwd", json_string ("/"));

  cinch_json_set (caps, "bounding", cinch_json_str_array (default_caps));
  cinch_json_set (caps, "effective", cinch_json_str_array (default_caps));
  cinch_json_set (caps, "permitted", cinch_json_str_array (default_caps));
  cinch_json_set (p, "capabilities", caps);

  cinch_json_append (rlimits,
          json_pack ("{s:s, s:i, s:i}", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024));
  cinch_json_set (p, "rlimits", rlimits);
  cinch_json_set (p, "noNewPrivileges", json_true ());
  return p;
}

/* One mounts[] entry; options may be NULL (no "options" key, as runc).  */
static json_t *
mount_entry (const char *destination, const char *type, const char *source,
             const char *const *options)
{
  json_t *m = cinch_json_must (json_object ());

  cinch_json_set (m, "destination", json_string (destination));
  cinch_json_set (m, "type", json_string (type));
  cinch_json_set (m, "source", json_string (source));
  if (options != NULL)
    cinch_json_set (m, "options", cinch_json_str_array (options));
  return m;
}

static json_t *
default_mounts (bool rootless)
{
  static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k", NULL };
  /* gid=5 is the tty group of the image; in a rootless user namespace only
   * the caller's gid is mapped, so devpts would refuse it (runc drops every
   * uid=/gid= option the same way).  */
  static const char *const pts[] = { "nosuid",    "noexec", "newinstance", "ptmxmode=0666",
                                     "mode=0620", "gid=5",  NULL };
  static const char *const pts_rootless[] = { "nosuid",        "noexec",    "newinstance",
                                              "ptmxmode=0666", "mode=0620", NULL };
  static const char *const shm[] = {
    "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL
  };
  static const char *const mqueue[] = { "nosuid", "noexec", "nodev", NULL };
  static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro", NULL };
  /* sysfs can only be mounted by the owner of the network namespace; the
   * rootless spec shares the host's, so /sys is bound read-only instead.  */
  static const char *const sys_rootless[] = { "rbind", "nosuid", "noexec", "nodev", "ro", NULL };
  static const char *const cgroup[] = { "nosuid", "noexec", "nodev", "relatime", "ro", NULL };
  json_t *a = cinch_json_must (json_array ());

  cinch_json_append (a, mount_entry ("/proc", "proc", "proc", NULL));
  cinch_json_append (a, mount_entry ("/dev", "tmpfs", "tmpfs", dev));
  cinch_json_append (a, mount_entry ("/dev/pts", "devpts", "devpts", rootless ? pts_rootless : pts));
  cinch_json_append (a, mount_entry ("/dev/shm", "tmpfs", "shm", shm));
  cinch_json_append (a, mount_entry ("/dev/mqueue", "mqueue", "mqueue", mqueue));
  if (rootless)
    cinch_json_append (a, mount_entry ("/sys", "none", "/sys", sys_rootless));
  else
    cinch_json_append (a, mount_entry ("/sys", "sysfs", "sysfs", sys));
  cinch_json_append (a, mount_entry ("/sys/fs/cgroup", "cgroup", "cgroup", cgroup));
  return a;
}

static json_t *
id_mappings (unsigned int host_id)
{
  json_t *a = cinch_json_must (json_array ());

  cinch_json_append (a, json_pack ("{s:I, s:I, s:i}", "containerID", (json_int_t) 0, "hostID",
                        (json_int_t) host_id, "size", 1));
  return a;
}

/* The runtime-spec's (and runc's) lists: kernel interfaces that leak host
 * information or let root in the container reconfigure the host.  The
 * hardened policy adds whatever a config leaves out (CINCH-PROC-MASK).  */
const char *const cinch_default_masked_paths[] = { "/proc/acpi",
                                                   "/proc/asound",
                                                   "/proc/kcore",
                                                   "/proc/keys",
                                                   "/proc/latency_stats",
                                                   "/proc/timer_list",
                                                   "/proc/timer_stats",
                                                   "/proc/sched_debug",
                                                   "/sys/firmware",
                                                   "/proc/scsi",
                                                   "/sys/devices/virtual/powercap",
                                                   NULL };
const char *const cinch_default_readonly_paths[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL
};

static json_t *
default_linux (bool rootless, unsigned int host_uid, unsigned int host_gid)
{
  static const char *const ns[] = { "pid", "network", "ipc", "uts", "mount", "cgroup", NULL };
  json_t *l = cinch_json_must (json_object ());
  json_t *namespaces = cinch_json_must (json_array ());

  for (const char *const *n = ns; *n != NULL; n++)
    {
      /* The rootless container shares the caller's network namespace: an
       * unprivileged user has no way to connect a new one to anything.  */
      if (rootless && strcmp (*n, "network") == 0)
        continue;
      cinch_json_append (namespaces, json_pack ("{s:s}", "type", *n));
    }
  if (rootless)
    {
      cinch_json_append (namespaces, json_pack ("{s:s}", "type", "user"));
      cinch_json_set (l, "uidMappings", id_mappings (host_uid));
      cinch_json_set (l, "gidMappings", id_mappings (host_gid));
    }
  cinch_json_set (l, "namespaces", namespaces);
  cinch_json_set (l, "maskedPaths", cinch_json_str_array (cinch_default_masked_paths));
  cinch_json_set (l, "readonlyPaths", cinch_json_str_array (cinch_default_readonly_paths));
  return l;
}

char *
cinch_spec_default (bool rootless, unsigned int host_uid, unsigned int host_gid)
{
  json_t *doc = cinch_json_must (json_object ());
  char *text, *out;

  cinch_json_set (doc, "ociVersion", json_string (CINCH_OCI_VERSION));
  cinch_json_set (doc, "process", default_process ());
  cinch_json_set (doc, "root", json_pack ("{s:s, s:b}", "path", "rootfs", "readonly", 1));
  cinch_json_set (doc, "hostname", json_string ("cinch"));
  cinch_json_set (doc, "mounts", default_mounts (rootless));
  cinch_json_set (doc, "linux", default_linux (rootless, host_uid, host_gid));

  text = json_dumps (doc, JSON_INDENT (2));
  json_decref (doc);
  if (text == NULL)
    cinch_json_must (NULL);
  out = cinch_xasprintf ("%s\n", text);
  free (text);
  return out;
}
