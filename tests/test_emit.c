/* Unit tests for runtime/emit.c: the effective config.json.
 *
 * A config in the emitter's own spelling (absolute host paths, capability
 * names in bit order...) must come back unchanged, as JSON, from parse then
 * emit: that shows no field of the plan is dropped or altered.  Emitting
 * the parse of an emission must give the same text again: the effective
 * config is a fixed point, so it can be saved and run.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "emit.h"
#include "plan.h"
#include "spec.h"
#include "util.h"

#define BUNDLE "/tmp/x"

/* The fixtures are written with ' for " to stay readable.  */
static char *
dq (const char *s)
{
  char *t = cinch_xstrdup (s);
  for (char *p = t; *p; p++)
    if (*p == '\'')
      *p = '"';
  return t;
}

/* Every field of struct cinch_plan, in the form the emitter writes.  */
static const char rich_config[] =
    "{ 'ociVersion': '1.2.0',"
    "  'process': {"
    "    'terminal': true,"
    "    'consoleSize': { 'height': 24, 'width': 80 },"
    "    'user': { 'uid': 1000, 'gid': 1000, 'umask': 18, 'additionalGids': [5, 60] },"
    "    'args': ['/bin/sh', '-c', 'echo hi'],"
    "    'env': ['PATH=/bin', 'A=b=c'],"
    "    'cwd': '/home/alice',"
    "    'capabilities': {"
    "      'bounding': ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT'],"
    "      'effective': ['CAP_CHOWN', 'CAP_KILL'],"
    "      'inheritable': ['CAP_KILL'],"
    "      'permitted': ['CAP_CHOWN', 'CAP_KILL', 'CAP_SYS_CHROOT'],"
    "      'ambient': ['CAP_KILL'] },"
    "    'rlimits': [ { 'type': 'RLIMIT_NOFILE', 'soft': 1024, 'hard': 4096 },"
    "                 { 'type': 'RLIMIT_CORE', 'soft': 0, 'hard': 0 } ],"
    "    'noNewPrivileges': true,"
    "    'apparmorProfile': 'cinch-default',"
    "    'selinuxLabel': 'system_u:system_r:container_t:s0:c1,c2',"
    "    'oomScoreAdj': -17,"
    "    'scheduler': { 'policy': 'SCHED_DEADLINE', 'nice': 5,"
    "                   'flags': ['SCHED_FLAG_RESET_ON_FORK', 'SCHED_FLAG_DL_OVERRUN'],"
    "                   'runtime': 1000, 'deadline': 2000, 'period': 3000 },"
    "    'ioPriority': { 'class': 'IOPRIO_CLASS_BE', 'priority': 4 } },"
    "  'root': { 'path': '/tmp/x/rootfs', 'readonly': true },"
    "  'hostname': 'box',"
    "  'domainname': 'example.org',"
    "  'mounts': ["
    "    { 'destination': '/proc', 'type': 'proc', 'source': 'proc' },"
    "    { 'destination': '/tmp', 'type': 'tmpfs', 'source': 'tmpfs',"
    "      'options': ['nosuid', 'nodev', 'noexec', 'mode=1777', 'size=64m', 'tmpcopyup'] },"
    "    { 'destination': '/run', 'type': 'tmpfs',"
    "      'options': ['rw', 'relatime', 'lazytime', 'slave'] },"
    "    { 'destination': '/data', 'type': 'bind', 'source': '/srv/data',"
    "      'options': ['rbind', 'idmap', 'nosuid', 'nodev', 'rro', 'rslave'],"
    "      'uidMappings': [ { 'containerID': 0, 'hostID': 100000, 'size': 65536 } ],"
    "      'gidMappings': [ { 'containerID': 0, 'hostID': 200000, 'size': 65536 } ] },"
    "    { 'destination': '/etc/hosts', 'source': '/var/lib/x/hosts',"
    "      'options': ['bind', 'ro'] } ],"
    "  'hooks': {"
    "    'prestart': [ { 'path': '/usr/bin/p1', 'args': ['p1', '--x'], 'env': ['K=v'],"
    "                    'timeout': 5 } ],"
    "    'createRuntime': [ { 'path': '/usr/bin/cr' }, { 'path': '/usr/bin/cr2' } ],"
    "    'createContainer': [ { 'path': '/usr/bin/cc' } ],"
    "    'startContainer': [ { 'path': '/bin/sc' } ],"
    "    'poststart': [ { 'path': '/usr/bin/ps', 'args': [] } ],"
    "    'poststop': [ { 'path': '/usr/bin/pst', 'timeout': 1 } ] },"
    "  'annotations': { 'org.example.key': 'value', 'run.cinch.rootfs.options': 'nosuid,nodev',"
    "                   'run.cinch.rootfs.idmap': 'true', 'run.cinch.policy': 'strict' },"
    "  'linux': {"
    "    'uidMappings': [ { 'containerID': 0, 'hostID': 1000000000, 'size': 65536 } ],"
    "    'gidMappings': [ { 'containerID': 0, 'hostID': 1000000000, 'size': 1 },"
    "                     { 'containerID': 1, 'hostID': 1000000001, 'size': 65535 } ],"
    "    'sysctl': { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '65536' },"
    "    'resources': {"
    "      'devices': [ { 'allow': false, 'type': 'a', 'access': 'rwm' },"
    "                   { 'allow': true, 'type': 'c', 'major': 1, 'minor': 3, 'access': 'rw' },"
    "                   { 'allow': true, 'type': 'b', 'major': 8 } ],"
    "      'memory': { 'limit': 1048576, 'reservation': 524288, 'swap': -1, 'kernel': 0,"
    "                  'kernelTCP': 65536, 'swappiness': 0, 'disableOOMKiller': false,"
    "                  'useHierarchy': true, 'checkBeforeUpdate': true },"
    "      'cpu': { 'shares': 512, 'quota': -1, 'burst': 1000, 'period': 100000,"
    "               'realtimeRuntime': 950000, 'realtimePeriod': 1000000, 'cpus': '0-3,5',"
    "               'mems': '0', 'idle': 1 },"
    "      'blockIO': { 'weight': 0, 'leafWeight': 500,"
    "        'weightDevice': [ { 'major': 8, 'minor': 16, 'weight': 10, 'leafWeight': 1000 },"
    "                          { 'major': 8, 'minor': 0, 'leafWeight': 20 },"
    "                          { 'major': 8, 'minor': 32 } ],"
    "        'throttleReadBpsDevice': [ { 'major': 8, 'minor': 0, 'rate': 1048576 } ],"
    "        'throttleWriteBpsDevice': [ { 'major': 8, 'minor': 16, 'rate': 0 },"
    "                                    { 'major': 8, 'minor': 0, 'rate': 2097152 } ],"
    "        'throttleReadIOPSDevice': [ { 'major': 253, 'minor': 1, 'rate': 100 } ],"
    "        'throttleWriteIOPSDevice': [ { 'major': 4095, 'minor': 1048575, 'rate': 50 } ] },"
    "      'hugepageLimits': [ { 'pageSize': '1GB', 'limit': 0 },"
    "                          { 'pageSize': '2MB', 'limit': 20971520 } ],"
    "      'network': { 'classID': 1048577,"
    "                   'priorities': [ { 'name': 'eth1', 'priority': 7 },"
    "                                   { 'name': 'eth0', 'priority': 4294967295 } ] },"
    "      'pids': { 'limit': 100 },"
    "      'rdma': { 'mlx5_1': { 'hcaHandles': 2, 'hcaObjects': 2000 },"
    "                'mlx4_0': { 'hcaHandles': 0 }, 'hfi1_0': {} },"
    "      'unified': { 'memory.high': '2097152', 'io.weight': 'default 100',"
    "                   'cpu.max': 'max 100000' } },"
    "    'cgroupsPath': '/cinch/test',"
    "    'namespaces': [ { 'type': 'pid' }, { 'type': 'network', 'path': '/run/netns/n1' },"
    "                    { 'type': 'mount' }, { 'type': 'ipc' }, { 'type': 'uts' },"
    "                    { 'type': 'user' }, { 'type': 'cgroup' }, { 'type': 'time' } ],"
    "    'timeOffsets': { 'monotonic': { 'secs': 10, 'nanosecs': 5 },"
    "                     'boottime': { 'secs': -3 } },"
    "    'devices': [ { 'path': '/dev/fuse', 'type': 'c', 'major': 10, 'minor': 229,"
    "                   'fileMode': 438, 'uid': 0, 'gid': 0 },"
    "                 { 'path': '/dev/sda', 'type': 'b', 'major': 8, 'minor': 0 },"
    "                 { 'path': '/dev/fifo', 'type': 'p' } ],"
    "    'seccomp': {"
    "      'defaultAction': 'SCMP_ACT_ERRNO', 'defaultErrnoRet': 1,"
    "      'architectures': ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],"
    "      'flags': ['SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'],"
    "      'listenerPath': '/run/listener.sock', 'listenerMetadata': 'meta',"
    "      'syscalls': ["
    "        { 'names': ['read', 'write'], 'action': 'SCMP_ACT_ALLOW' },"
    "        { 'names': ['personality'], 'action': 'SCMP_ACT_ALLOW',"
    "          'args': [ { 'index': 0, 'value': 0, 'op': 'SCMP_CMP_EQ' },"
    "                    { 'index': 1, 'value': 255, 'valueTwo': 8,"
    "                      'op': 'SCMP_CMP_MASKED_EQ' } ] },"
    "        { 'names': ['mkdir'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 38 },"
    "        { 'names': ['ptrace'], 'action': 'SCMP_ACT_TRACE', 'errnoRet': 7 },"
    "        { 'names': ['bpf'], 'action': 'SCMP_ACT_NOTIFY' },"
    "        { 'names': ['kexec_load'], 'action': 'SCMP_ACT_KILL_PROCESS' } ] },"
    "    'rootfsPropagation': 'rslave',"
    "    'maskedPaths': ['/proc/kcore', '/sys/firmware'],"
    "    'readonlyPaths': ['/proc/sys'],"
    "    'mountLabel': 'system_u:object_r:container_file_t:s0',"
    "    'personality': { 'domain': 'LINUX32' } } }";

static struct cinch_plan *
parse_ok (const char *text)
{
  struct cinch_plan *plan = NULL;
  cinch_error_t err = NULL;

  if (cinch_plan_parse (text, strlen (text), BUNDLE, &plan, &err) < 0)
    fail_msg ("parse: %s\n%s", cinch_error_msg (err), text);
  assert_non_null (plan);
  return plan;
}

/* parse -> emit -> parse -> emit: both emissions are the same text.
 * Returns the first emission.  */
static char *
assert_fixed_point (const char *text)
{
  struct cinch_plan *p1 = parse_ok (text), *p2;
  char *t1 = cinch_plan_emit (p1), *t2;
  size_t n = strlen (t1);

  assert_true (n > 0 && t1[n - 1] == '\n');
  p2 = parse_ok (t1);
  t2 = cinch_plan_emit (p2);
  assert_string_equal (t2, t1);
  cinch_plan_free (p1);
  cinch_plan_free (p2);
  free (t2);
  return t1;
}

static json_t *
load (const char *text)
{
  json_error_t je;
  json_t *j = json_loads (text, 0, &je);
  if (j == NULL)
    fail_msg ("json: %s at line %d\n%s", je.text, je.line, text);
  return j;
}

static void
assert_json_equal (json_t *want, json_t *got)
{
  if (!json_equal (want, got))
    {
      char *w = json_dumps (want, JSON_INDENT (2) | JSON_SORT_KEYS);
      char *g = json_dumps (got, JSON_INDENT (2) | JSON_SORT_KEYS);
      print_error ("want:\n%s\ngot:\n%s\n", w, g);
      free (w);
      free (g);
      fail ();
    }
}

static void
test_rich_round_trip (void **state)
{
  cleanup_free char *src = dq (rich_config);
  cleanup_free char *out = NULL;
  struct cinch_plan *plan = parse_ok (src);
  json_t *want, *got;

  (void) state;
  /* nothing in the fixture is ignored by the parser */
  assert_null (plan->warnings[0]);
  /* the fixture reaches the fields it is meant to */
  assert_true (plan->root_attr_set == (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV));
  assert_true (plan->root_idmap);
  assert_int_equal (plan->n_mounts, 5);
  assert_true (plan->mounts[3].idmap && plan->mounts[3].bind && plan->mounts[3].recursive);
  assert_true (plan->linux_.has_personality);
  assert_true (plan->linux_.res.has_memory_swappiness && plan->linux_.res.has_cpu_idle);
  assert_int_equal (plan->linux_.res.n_throttle[CINCH_THROTTLE_WRITE_IOPS], 1);
  assert_int_equal (plan->linux_.res.n_rdma, 3);
  assert_int_equal (plan->linux_.res.n_unified, 3);
  cinch_plan_free (plan);

  out = assert_fixed_point (src);
  want = load (src);
  got = load (out);
  assert_json_equal (want, got);
  json_decref (want);
  json_decref (got);
}

/* The plan holds uint64 values above INT64_MAX, which jansson cannot.  */
static void
test_big_integers (void **state)
{
  cleanup_free char *src =
      dq ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' },"
          "  'annotations': { 'tricky': '\\\\u00000', 'q\\\"': '\\\"\\\\u00001\\\"' },"
          "  'process': { 'user': { 'uid': 0, 'gid': 0 }, 'args': ['sh'], 'cwd': '/',"
          "    'rlimits': [ { 'type': 'RLIMIT_NOFILE', 'soft': 18446744073709551615,"
          "                   'hard': 18446744073709551615 },"
          "                 { 'type': 'RLIMIT_AS', 'soft': 9223372036854775807,"
          "                   'hard': 9223372036854775808 } ] },"
          "  'linux': { 'seccomp': { 'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': ["
          "    { 'names': ['ioctl'], 'action': 'SCMP_ACT_ERRNO', 'args': ["
          "      { 'index': 1, 'value': 18446744073709551614, 'valueTwo': 12345678901234567890,"
          "        'op': 'SCMP_CMP_MASKED_EQ' } ] } ] } } }");
  cleanup_free char *out = assert_fixed_point (src);
  struct cinch_plan *plan = parse_ok (out);

  (void) state;
  assert_non_null (strstr (out, "\"soft\": 18446744073709551615"));
  assert_non_null (strstr (out, "\"hard\": 9223372036854775808"));
  assert_non_null (strstr (out, "\"soft\": 9223372036854775807"));
  assert_true (plan->process.rlimits[0].soft == UINT64_MAX);
  assert_true (plan->process.rlimits[0].hard == UINT64_MAX);
  assert_true (plan->process.rlimits[1].hard == UINT64_C (9223372036854775808));
  assert_true (plan->linux_.seccomp->syscalls[0].args[0].value == UINT64_C (18446744073709551614));
  assert_true (plan->linux_.seccomp->syscalls[0].args[0].value_two
               == UINT64_C (12345678901234567890));
  /* strings that look like the emitter's tokens are left alone */
  assert_string_equal (plan->annotations[0].value, "\\u00000");
  assert_string_equal (plan->annotations[1].key, "q\"");
  assert_string_equal (plan->annotations[1].value, "\"\\u00001\"");
  cinch_plan_free (plan);
}

/* linux.resources: uint64 values above INT64_MAX, and every array and map
 * in the order written (json_equal above does not look at order).  */
static void
test_resources_order_and_big (void **state)
{
  cleanup_free char *src = dq (
      "{ 'ociVersion': '1.2.0', 'root': { 'path': 'rootfs' },"
      "  'linux': { 'resources': {"
      "    'cpu': { 'shares': 18446744073709551615, 'burst': 9223372036854775808,"
      "             'period': 18446744073709551614, 'realtimePeriod': 12345678901234567890,"
      "             'quota': -9223372036854775808, 'realtimeRuntime': 9223372036854775807 },"
      "    'blockIO': {"
      "      'throttleReadBpsDevice': [ { 'major': 8, 'minor': 2, 'rate': 18446744073709551615 },"
      "                                 { 'major': 8, 'minor': 1, 'rate': 1 } ],"
      "      'weightDevice': [ { 'major': 9, 'minor': 0, 'weight': 100 },"
      "                        { 'major': 1, 'minor': 0, 'weight': 200 } ] },"
      "    'hugepageLimits': [ { 'pageSize': '2MB', 'limit': 18446744073709551615 },"
      "                        { 'pageSize': '1GB', 'limit': 1 },"
      "                        { 'pageSize': '2MB', 'limit': 2 } ],"
      "    'network': { 'priorities': [ { 'name': 'z', 'priority': 1 },"
      "                                 { 'name': 'a', 'priority': 2 } ] },"
      "    'rdma': { 'zz': { 'hcaObjects': 4294967295 }, 'aa': { 'hcaHandles': 1 } },"
      "    'unified': { 'z.z': 'last', 'a.a': 'first', 'm.m': '' },"
      "    'memory': { 'swappiness': 18446744073709551615, 'limit': 9223372036854775807 } } } }");
  cleanup_free char *out = assert_fixed_point (src);
  const char *keys[] = { "\"shares\": 18446744073709551615",
                         "\"quota\": -9223372036854775808",
                         "\"burst\": 9223372036854775808",
                         "\"period\": 18446744073709551614",
                         "\"realtimeRuntime\": 9223372036854775807",
                         "\"realtimePeriod\": 12345678901234567890",
                         "\"rate\": 18446744073709551615",
                         "\"limit\": 18446744073709551615",
                         "\"hcaObjects\": 4294967295",
                         "\"limit\": 9223372036854775807" };
  (void) state;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (keys); i++)
    if (strstr (out, keys[i]) == NULL)
      fail_msg ("%s missing from\n%s", keys[i], out);
  /* swappiness 2^64-1 is Docker's "not set": dropped */
  assert_null (strstr (out, "swappiness"));
  /* arrays and maps in the order written; resources in config-linux.md's */
  {
    static const char *const order[] = { "\"memory\"",
                                         "\"cpu\"",
                                         "\"blockIO\"",
                                         "\"weightDevice\"",
                                         "\"major\": 9",
                                         "\"major\": 1",
                                         "\"minor\": 2",
                                         "\"minor\": 1",
                                         "\"hugepageLimits\"",
                                         "\"pageSize\": \"2MB\"",
                                         "\"pageSize\": \"1GB\"",
                                         "\"limit\": 2",
                                         "\"network\"",
                                         "\"name\": \"z\"",
                                         "\"name\": \"a\"",
                                         "\"rdma\"",
                                         "\"zz\"",
                                         "\"aa\"",
                                         "\"unified\"",
                                         "\"z.z\"",
                                         "\"a.a\"",
                                         "\"m.m\": \"\"" };
    const char *at = out;
    for (size_t i = 0; i < CINCH_ARRAY_SIZE (order); i++)
      {
        const char *next = strstr (at, order[i]);
        if (next == NULL)
          fail_msg ("%s not found after the previous items in\n%s", order[i], out);
        at = next;
      }
  }
}

/* Only what was there: empty sub-objects and a resources object with
 * nothing set come back as such.  */
static void
test_resources_empty (void **state)
{
  cleanup_free char *src = dq ("{ 'ociVersion': '1.2.0', 'root': { 'path': 'rootfs' },"
                               "  'linux': { 'resources': { 'memory': {}, 'cpu': { 'cpus': '' },"
                               "    'blockIO': { 'weightDevice': [] }, 'network': {},"
                               "    'rdma': {}, 'unified': {}, 'hugepageLimits': [] } } }");
  cleanup_free char *out = assert_fixed_point (src);
  struct cinch_plan *plan = parse_ok (out);
  json_t *got = load (out);

  (void) state;
  assert_true (plan->linux_.res.present);
  assert_int_equal (
      json_object_size (json_object_get (json_object_get (got, "linux"), "resources")), 0);
  json_decref (got);
  cinch_plan_free (plan);
}

/* The capability sets of doc in bit order (the plan keeps a mask).  */
static void
sort_caps (json_t *doc)
{
  json_t *caps = json_object_get (json_object_get (doc, "process"), "capabilities"), *set;
  const char *key;

  json_object_foreach (caps, key, set)
  {
    json_t *sorted = json_array ();
    for (int cap = 0; cap <= cinch_cap_last (); cap++)
      {
        size_t i;
        json_t *v;
        json_array_foreach (set, i, v)
        {
          if (cinch_cap_from_name (json_string_value (v)) == cap)
            json_array_append (sorted, v);
        }
      }
    assert_int_equal (json_array_size (sorted), json_array_size (set));
    json_object_set_new (caps, key, sorted);
  }
}

/* runc's default document: what cinch emits is what `cinch spec` wrote,
 * with root.path made absolute and capabilities in bit order.  */
static void
check_spec (bool rootless)
{
  cleanup_free char *spec = cinch_spec_default (rootless, 1000, 1000);
  cleanup_free char *out = assert_fixed_point (spec);
  json_t *want = load (spec), *got = load (out);

  json_object_set_new (json_object_get (want, "root"), "path", json_string (BUNDLE "/rootfs"));
  sort_caps (want);
  assert_json_equal (want, got);
  json_decref (want);
  json_decref (got);
}

static void
test_spec_default (void **state)
{
  (void) state;
  check_spec (false);
}

static void
test_spec_rootless (void **state)
{
  (void) state;
  check_spec (true);
}

static size_t
count (const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = strstr (hay, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The cinch extensions a policy sets appear as their annotations, once,
 * and are read back.  */
static void
test_extensions (void **state)
{
  cleanup_free char *src = dq ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' },"
                               "  'annotations': { 'run.cinch.userns.pool': 'true', 'a': 'b' } }");
  struct cinch_plan *plan = parse_ok (src), *back;
  cleanup_free char *out = NULL, *again = NULL;

  (void) state;
  assert_true (plan->userns_from_pool);
  assert_false (plan->root_idmap || plan->default_seccomp || plan->root_attr_set);
  plan->root_attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  plan->root_idmap = true;
  plan->default_seccomp = true;
  out = cinch_plan_emit (plan);
  assert_int_equal (count (out, "\"run.cinch.rootfs.options\": \"nosuid,nodev\""), 1);
  assert_int_equal (count (out, "\"run.cinch.rootfs.idmap\": \"true\""), 1);
  assert_int_equal (count (out, "\"run.cinch.userns.pool\": \"true\""), 1);
  assert_int_equal (count (out, "\"run.cinch.seccomp\": \"default\""), 1);
  assert_int_equal (count (out, "\"a\": \"b\""), 1);
  assert_null (strstr (out, "\"seccomp\": {"));

  back = parse_ok (out);
  assert_true (back->root_attr_set == (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV));
  assert_true (back->root_idmap && back->userns_from_pool && back->default_seccomp);
  assert_int_equal (back->n_annotations, 5);
  again = cinch_plan_emit (back);
  assert_string_equal (again, out);

  /* only nosuid without nodev is not the extension */
  plan->root_attr_set = MOUNT_ATTR_NOSUID;
  plan->root_idmap = plan->default_seccomp = false;
  free (out);
  out = cinch_plan_emit (plan);
  assert_null (strstr (out, "run.cinch.rootfs.options"));
  assert_null (strstr (out, "run.cinch.seccomp"));
  assert_int_equal (count (out, "run.cinch.userns.pool"), 1);
  cinch_plan_free (plan);
  cinch_plan_free (back);
}

/* Edits like the policy's (a namespace added at an index already taken, a
 * mount appended, options appended and decoded) give a config that is a
 * fixed point after one round.  */
static void
test_edited_plan (void **state)
{
  cleanup_free char *src =
      dq ("{ 'ociVersion': '1.0.2', 'root': { 'path': 'rootfs' },"
          "  'process': { 'user': { 'uid': 0, 'gid': 0 }, 'args': ['sh'], 'cwd': '/',"
          "    'capabilities': { 'bounding': ['CAP_SYS_ADMIN'] } },"
          "  'mounts': [ { 'destination': '/data', 'type': 'bind', 'source': 'data',"
          "                'options': ['rbind'] } ],"
          "  'linux': { 'namespaces': [ { 'type': 'pid' }, { 'type': 'mount' } ] } }");
  struct cinch_plan *plan = parse_ok (src), *back;
  struct cinch_mount *m;
  cinch_error_t err = NULL;
  cleanup_free char *out = NULL;
  cleanup_free char *fixed = NULL;

  (void) state;
  assert_string_equal (plan->mounts[0].source, BUNDLE "/data");
  plan->linux_.ns[CINCH_NS_USER] = (struct cinch_namespace){ .present = true, .index = 0 };
  plan->linux_.ns[CINCH_NS_CGROUP] = (struct cinch_namespace){ .present = true, .index = 2 };
  plan->process.caps[CINCH_CAP_BOUNDING] = 0;
  m = &plan->mounts[0];
  {
    size_t n = cinch_strv_len (m->options);
    m->options = cinch_xrealloc (m->options, (n + 4) * sizeof (char *));
    m->options[n] = cinch_xstrdup ("nosuid");
    m->options[n + 1] = cinch_xstrdup ("nodev");
    m->options[n + 2] = cinch_xstrdup ("idmap");
    m->options[n + 3] = NULL;
  }
  if (cinch_mount_options_decode (m, "mounts[0]", &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  plan->mounts = cinch_xrealloc (plan->mounts, 2 * sizeof (struct cinch_mount));
  m = &plan->mounts[1];
  *m = (struct cinch_mount){ .destination = cinch_xstrdup ("/tmp"),
                             .type = cinch_xstrdup ("tmpfs"),
                             .source = cinch_xstrdup ("tmpfs") };
  m->options = calloc (3, sizeof (char *));
  m->options[0] = cinch_xstrdup ("noexec");
  m->options[1] = cinch_xstrdup ("size=64m");
  if (cinch_mount_options_decode (m, "mounts[1]", &err) < 0)
    fail_msg ("%s", cinch_error_msg (err));
  plan->n_mounts = 2;

  out = cinch_plan_emit (plan);
  back = parse_ok (out);
  /* pid and user both claim index 0: pid (the config's) comes first */
  assert_true (back->linux_.ns[CINCH_NS_PID].index == 0);
  assert_true (back->linux_.ns[CINCH_NS_USER].index == 1);
  assert_true (back->linux_.ns[CINCH_NS_MNT].index == 2);
  assert_true (back->linux_.ns[CINCH_NS_CGROUP].present);
  assert_true (back->linux_.ns[CINCH_NS_CGROUP].index == 3);
  assert_true (back->process.has_capabilities);
  assert_true (back->process.caps[CINCH_CAP_BOUNDING] == 0);
  assert_true (back->mounts[0].idmap);
  assert_true ((back->mounts[0].attr_set & (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV))
               == (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV));
  assert_int_equal (back->n_mounts, 2);
  assert_string_equal (back->mounts[1].data, "size=64m");
  fixed = cinch_plan_emit (back);
  cinch_plan_free (back);
  back = parse_ok (fixed);
  {
    cleanup_free char *again = cinch_plan_emit (back);
    assert_string_equal (again, fixed);
  }
  cinch_plan_free (plan);
  cinch_plan_free (back);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_rich_round_trip),
    cmocka_unit_test (test_big_integers),
    cmocka_unit_test (test_spec_default),
    cmocka_unit_test (test_spec_rootless),
    cmocka_unit_test (test_extensions),
    cmocka_unit_test (test_edited_plan),
    cmocka_unit_test (test_resources_order_and_big),
    cmocka_unit_test (test_resources_empty),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
