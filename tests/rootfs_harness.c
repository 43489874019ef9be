/* Root-only end-to-end harness for runtime/rootfs.c.
 *
 * Not part of the Makefile.  Build and run (as root):
 *   make && gcc -D_GNU_SOURCE -Iruntime -Wall -Wextra -O2 -g tests/rootfs_harness.c \
 *       runtime/rootfs.c libcinch.a -ljansson -lseccomp -lcap-ng -lmnl \
 *       -o /tmp/rootfs_harness && /tmp/rootfs_harness
 * (VERBOSE=1 shows the container's mountinfo, /dev and every check.)
 *
 * It builds a busybox rootfs under /tmp/rootfs-test, hand-builds plans (the
 * parser and option decoder are other modules), and for each scenario runs
 * a "container" (one scenario parses a real config.json instead):
 * unshare(CLONE_NEWNS|CLONE_NEWPID[|CLONE_NEWUSER]) + fork,
 * cinch_rootfs_setup_mounts, cinch_rootfs_finish, console, chdir, then exec
 * of /bin/sh with checks that print PASS/FAIL lines.  Negative scenarios
 * expect the setup to fail with a given message.  After every scenario the
 * host's mountinfo must be unchanged.  Exit status 0 when everything
 * passed.  */
#include "rootfs.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

#define BASE "/tmp/rootfs-test"
#define ROOTFS BASE "/rootfs"

static int failures;

static void
sh (const char *cmd)
{
  int r = system (cmd);
  if (r != 0)
    {
      fprintf (stderr, "harness: setup command failed (%d): %s\n", r, cmd);
      exit (2);
    }
}

static void
prepare_fs (void)
{
  sh ("set -e; umount -R " BASE "/shared 2>/dev/null || true; umount " BASE
      "/vol/sub 2>/dev/null || true;"
      "rm -rf " BASE "; mkdir -p " ROOTFS "/bin " ROOTFS "/proc " ROOTFS "/sys " ROOTFS
      "/dev " ROOTFS "/tmp " ROOTFS "/etc " ROOTFS "/copydir;"
      "cp /bin/busybox " ROOTFS "/bin/busybox; chroot " ROOTFS " /bin/busybox --install -s /bin;"
      "echo 'root:x:0:0:root:/root:/bin/sh' > " ROOTFS "/etc/passwd;"
      /* an image /dev/null that is a regular file: must be replaced */
      "echo junk > " ROOTFS "/dev/null;"
      /* symlinks pointing at the host's /etc, absolute and by .. */
      "ln -s /etc " ROOTFS "/etclink; ln -s ../../../../../../etc " ROOTFS "/dotdot;"
      "echo hello > " ROOTFS "/copydir/file1; mkdir " ROOTFS "/copydir/d; ln -s file1 " ROOTFS
      "/copydir/d/l; chmod 0750 " ROOTFS "/copydir;"
      /* a host volume with a submount, a symlink and an executable */
      "mkdir -p " BASE "/vol/sub; echo v > " BASE "/vol/file; ln -s file " BASE "/vol/link;"
      "printf '#!/bin/sh\\necho ran\\n' > " BASE "/vol/script; chmod 755 " BASE "/vol/script;"
      "mount -t tmpfs volsub " BASE "/vol/sub;"
      "echo hostfile-content > " BASE "/hostfile; echo 'fake cpuinfo' > " BASE "/fakecpuinfo;"
      "mkdir -p " BASE "/idvol; touch " BASE "/idvol/owned;"
      /* rootfs with proc and sys as symlinks (CVE-2019-19921) */
      "mkdir -p " BASE "/evil/tmp " BASE "/evil/etc; ln -s /etc " BASE "/evil/proc;"
      "ln -s tmp " BASE "/evil/sys; ln -s /nonexistent/dir " ROOTFS "/dangling;"
      /* a rootfs on a shared host mount: propagation must still not leak */
      "mkdir -p " BASE "/shared; mount -t tmpfs shared " BASE "/shared; mount --make-shared " BASE
      "/shared; cp -a " ROOTFS " " BASE "/shared/rootfs");
}

/* ---- plan building ---- */

static struct cinch_mount mounts[32];
static size_t n_mounts;

static struct cinch_mount *
add_mount (const char *dest, const char *type, const char *src, uint64_t set, const char *data)
{
  struct cinch_mount *m = &mounts[n_mounts++];
  memset (m, 0, sizeof (*m));
  m->destination = (char *) dest;
  m->type = (char *) type;
  m->source = (char *) src;
  m->attr_set = set;
  m->data = (char *) data;
  if (type == NULL || strcmp (type, "bind") == 0)
    m->bind = true;
  return m;
}

#define NSD (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

static void
default_mounts (void)
{
  add_mount ("/proc", "proc", "proc", NSD, NULL);
  add_mount ("/dev", "tmpfs", "tmpfs", MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME,
             "mode=755,size=65536k")
      ->attr_clr = MOUNT_ATTR__ATIME;
  add_mount ("/dev/pts", "devpts", "devpts", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC,
             "newinstance,ptmxmode=0666,mode=0620,gid=5");
  add_mount ("/dev/shm", "tmpfs", "shm", NSD, "mode=1777,size=65536k");
  add_mount ("/dev/mqueue", "mqueue", "mqueue", NSD, NULL);
  add_mount ("/sys", "sysfs", "sysfs", NSD | MOUNT_ATTR_RDONLY, NULL);
  add_mount ("/sys/fs/cgroup", "cgroup", "cgroup", NSD | MOUNT_ATTR_RDONLY, NULL)->attr_clr =
      MOUNT_ATTR__ATIME;
}

static char *masked[] = { "/proc/acpi",
                          "/proc/asound",
                          "/proc/kcore",
                          "/proc/keys",
                          "/proc/latency_stats",
                          "/proc/timer_list",
                          "/proc/timer_stats",
                          "/proc/sched_debug",
                          "/proc/scsi",
                          "/sys/firmware",
                          "/sys/devices/virtual/powercap",
                          NULL };
static char *readonly[] = { "/proc/bus",           "/proc/fs", "/proc/irq", "/proc/sys",
                            "/proc/sysrq-trigger", NULL };
static struct cinch_device devices[4];
static struct cinch_id_mapping idmap_map = { 0, 100000, 65536 };

static void
base_plan (struct cinch_plan *p, const char *root)
{
  memset (p, 0, sizeof (*p));
  n_mounts = 0;
  p->root_path = (char *) root;
  p->mounts = mounts;
  p->has_process = true;
  p->process.cwd = "/work/dir";
}

static void
full_plan (struct cinch_plan *p, const char *root, bool with_idmap)
{
  struct cinch_mount *m;

  base_plan (p, root);
  default_mounts ();
  m = add_mount ("/data", NULL, BASE "/vol", NSD | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSYMFOLLOW,
                 NULL);
  m->recursive = true;
  m = add_mount ("/rdata", NULL, BASE "/vol", 0, NULL);
  m->recursive = true;
  m->rattr_set = MOUNT_ATTR_RDONLY;
  add_mount ("/etc/hostfile", NULL, BASE "/hostfile", MOUNT_ATTR_RDONLY, NULL);
  add_mount ("/etclink/sub", "tmpfs", "tmpfs", 0, NULL);
  add_mount ("/dotdot/sub2", "tmpfs", "tmpfs", 0, NULL);
  add_mount ("/copydir", "tmpfs", "tmpfs", 0, NULL)->tmpcopyup = true;
  add_mount ("/tmp", "tmpfs", "tmpfs", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, NULL);
  add_mount ("/proc/cpuinfo", NULL, BASE "/fakecpuinfo", MOUNT_ATTR_RDONLY, NULL);
  if (with_idmap)
    {
      m = add_mount ("/idmapped", NULL, BASE "/idvol", 0, NULL);
      m->idmap = true;
      m->uid_mappings = m->gid_mappings = &idmap_map;
      m->n_uid_mappings = m->n_gid_mappings = 1;
    }
  p->n_mounts = n_mounts;

  memset (devices, 0, sizeof (devices));
  devices[0] = (struct cinch_device){ .path = "/dev/fuse",
                                      .type = 'c',
                                      .major = 10,
                                      .minor = 229,
                                      .has_file_mode = true,
                                      .file_mode = 0600,
                                      .has_uid = true,
                                      .uid = 1000,
                                      .has_gid = true,
                                      .gid = 1000 };
  devices[1] = (struct cinch_device){ .path = "/dev/sub/mypipe", .type = 'p' };
  p->linux_.devices = devices;
  p->linux_.n_devices = 2;
  p->linux_.masked_paths = masked;
  p->linux_.readonly_paths = readonly;
  p->root_readonly = true;
  p->process.terminal = true;
}

/* The same container as full_plan, through the real parser and option
 * decoder (runtime/parse.c, mount_options.c).  */
static const char config_json[] =
    "{ \"ociVersion\": \"1.0.2\","
    "  \"process\": { \"terminal\": true, \"user\": { \"uid\": 0, \"gid\": 0 }, \"args\": [\"sh\"],"
    "               \"cwd\": \"/work/dir\" },"
    "  \"root\": { \"path\": \"rootfs\", \"readonly\": true },"
    "  \"mounts\": ["
    "    { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\","
    "      \"options\": [\"nosuid\", \"noexec\", \"nodev\"] },"
    "    { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
    "      \"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"] },"
    "    { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\","
    "      \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", "
    "\"mode=0620\", \"gid=5\"] },"
    "    { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\","
    "      \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\"] },"
    "    { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\","
    "      \"options\": [\"nosuid\", \"noexec\", \"nodev\"] },"
    "    { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\","
    "      \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"] },"
    "    { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\","
    "      \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"] },"
    "    { \"destination\": \"/data\", \"source\": \"vol\","
    "      \"options\": [\"rbind\", \"ro\", \"nosuid\", \"nodev\", \"noexec\", \"nosymfollow\"] },"
    "    { \"destination\": \"/rdata\", \"type\": \"bind\", \"source\": \"vol\", \"options\": "
    "[\"rbind\", \"rro\"] },"
    "    { \"destination\": \"/etc/hostfile\", \"source\": \"hostfile\", \"options\": [\"bind\", "
    "\"ro\"] },"
    "    { \"destination\": \"/etclink/sub\", \"type\": \"tmpfs\", \"source\": \"tmpfs\" },"
    "    { \"destination\": \"/dotdot/sub2\", \"type\": \"tmpfs\", \"source\": \"tmpfs\" },"
    "    { \"destination\": \"/copydir\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": "
    "[\"tmpcopyup\"] },"
    "    { \"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": "
    "[\"nosuid\", \"nodev\"] },"
    "    { \"destination\": \"/proc/cpuinfo\", \"source\": \"fakecpuinfo\", \"options\": "
    "[\"bind\", \"ro\"] },"
    "    { \"destination\": \"/idmapped\", \"source\": \"idvol\", \"options\": [\"bind\", "
    "\"idmap\"],"
    "      \"uidMappings\": [ { \"containerID\": 0, \"hostID\": 100000, \"size\": 65536 } ],"
    "      \"gidMappings\": [ { \"containerID\": 0, \"hostID\": 100000, \"size\": 65536 } ] }"
    "  ],"
    "  \"linux\": {"
    "    \"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"mount\" } ],"
    "    \"devices\": ["
    "      { \"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229, "
    "\"fileMode\": 384,"
    "        \"uid\": 1000, \"gid\": 1000 },"
    "      { \"path\": \"/dev/sub/mypipe\", \"type\": \"p\" } ],"
    "    \"maskedPaths\": [ \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\","
    "      \"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\", "
    "\"/proc/sched_debug\","
    "      \"/proc/scsi\", \"/sys/firmware\", \"/sys/devices/virtual/powercap\" ],"
    "    \"readonlyPaths\": [ \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\","
    "      \"/proc/sysrq-trigger\" ]"
    "  } }";

/* ---- checks run inside the container ---- */

/* shell helpers: expect NAME MOUNTPOINT "OPTS FSTYPE SUPEROPTS" glob; t/f NAME CMD */
static const char checks_common[] =
    "minfo() { awk -v mp=\"$1\" '$5==mp { for (i=7;i<=NF;i++) if ($i==\"-\") break;"
    " o=$6; t=$(i+1); s=$(i+3) } END { print o, t, s }' /proc/self/mountinfo; }\n"
    "expect() { got=$(minfo \"$2\"); case \"$got\" in $3) echo \"PASS $1: $2 -> $got\";;"
    " *) echo \"FAIL $1: $2 -> '$got' (want $3)\";; esac; }\n"
    "t() { n=$1; shift; if eval \"$@\" >/dev/null 2>&1; then echo \"PASS $n\"; else echo \"FAIL "
    "$n: $*\"; fi; }\n"
    "f() { n=$1; shift; if eval \"$@\" >/dev/null 2>&1; then echo \"FAIL $n: $* succeeded\"; else "
    "echo \"PASS $n\"; fi; }\n"
    "echo '--- mountinfo'; cat /proc/self/mountinfo; echo '--- /dev'; ls -l /dev; echo '---'\n";

/* what every container built by full_plan must show */
static const char checks_full[] =
    "expect proc /proc 'rw,nosuid,nodev,noexec,relatime proc *'\n"
    "expect devtmpfs /dev 'rw,nosuid tmpfs *mode=755*'\n"
    "expect devpts /dev/pts 'rw,nosuid,noexec,relatime devpts *ptmxmode=666*'\n"
    "expect shm /dev/shm 'rw,nosuid,nodev,noexec,relatime tmpfs *size=65536k*'\n"
    "t shm-mode '[ \"$(stat -c %a /dev/shm)\" = 1777 ]'\n"
    "expect data /data 'ro,nosuid,nodev,noexec,relatime,nosymfollow ext4 *'\n"
    "expect data-sub-not-recursive /data/sub 'rw,relatime tmpfs *'\n"
    "expect rdata /rdata 'ro,relatime ext4 *'\n"
    "expect rdata-sub-recursive /rdata/sub 'ro,relatime tmpfs *'\n"
    "expect hostfile /etc/hostfile 'ro,relatime ext4 *'\n"
    "expect symlink-abs-stays-inside /etc/sub 'rw,relatime tmpfs *'\n"
    "expect symlink-dotdot-stays-inside /etc/sub2 'rw,relatime tmpfs *'\n"
    "expect root-readonly / 'ro,relatime * *'\n"
    "expect masked-dir /proc/acpi 'ro,nosuid,nodev,noexec,relatime tmpfs *'\n"
    "expect masked-file /proc/timer_list 'rw,nosuid,noexec,relatime * *'\n"
    "expect readonly-path /proc/sys 'ro,nosuid,nodev,noexec,relatime proc *'\n"
    "expect lxcfs-style-bind /proc/cpuinfo 'ro,relatime ext4 *'\n"
    "expect copyup /copydir 'rw,relatime tmpfs *'\n"
    "t masked-file-empty '[ -z \"$(cat /proc/timer_list)\" ]'\n"
    "t masked-dir-empty '[ -z \"$(ls -A /proc/acpi)\" ]'\n"
    "f readonly-proc-sys 'echo x > /proc/sys/kernel/domainname'\n"
    "f root-not-writable 'touch /newfile'\n"
    "t tmp-writable 'touch /tmp/x'\n"
    "f data-ro 'touch /data/x'\n"
    "f rdata-sub-ro 'touch /rdata/sub/y'\n"
    "f nosymfollow 'cat /data/link'\n"
    "f noexec '/data/script'\n"
    "t exec-ok-without-noexec '[ \"$(/rdata/script)\" = ran ]'\n"
    "t hostfile-content '[ \"$(cat /etc/hostfile)\" = hostfile-content ]'\n"
    "t lxcfs-content '[ \"$(cat /proc/cpuinfo)\" = \"fake cpuinfo\" ]'\n"
    "t copyup-file '[ \"$(cat /copydir/file1)\" = hello ]'\n"
    "t copyup-symlink '[ \"$(readlink /copydir/d/l)\" = file1 ]'\n"
    "t copyup-mode '[ \"$(stat -c %a /copydir)\" = 750 ]'\n"
    "t dev-fd '[ \"$(readlink /dev/fd)\" = /proc/self/fd ]'\n"
    "t dev-stderr '[ \"$(readlink /dev/stderr)\" = /proc/self/fd/2 ]'\n"
    "t dev-ptmx '[ \"$(readlink /dev/ptmx)\" = pts/ptmx ]'\n"
    "t fifo '[ -p /dev/sub/mypipe ]'\n"
    "t cwd '[ \"$(pwd)\" = /work/dir ]'\n"
    "t pid1 '[ $$ = 1 ]'\n"
    "t sysfs-readable '[ -d /sys/kernel ]'\n"
    "t cgroup2-files '[ -e /sys/fs/cgroup/cgroup.procs ]'\n"
    "t kcore-absent-or-masked '[ ! -e /proc/kcore ] || [ -z \"$(cat /proc/kcore)\" ]'\n";

/* mknod scenario (no user namespace) */
static const char checks_mknod[] =
    "expect mqueue /dev/mqueue 'rw,nosuid,nodev,noexec,relatime mqueue *'\n"
    "expect sysfs /sys 'ro,nosuid,nodev,noexec,relatime sysfs *'\n"
    "expect cgroup2 /sys/fs/cgroup 'ro,nosuid,nodev,noexec,relatime cgroup2 *'\n"
    "t null-node '[ \"$(stat -c \"%F %t:%T %a %u:%g\" /dev/null)\" = \"character special file 1:3 "
    "666 0:0\" ]'\n"
    "t null-works 'echo x > /dev/null'\n"
    "t urandom-node '[ \"$(stat -c \"%t:%T\" /dev/urandom)\" = 1:9 ]'\n"
    "t tty-node '[ \"$(stat -c \"%t:%T\" /dev/tty)\" = 5:0 ]'\n"
    "t fuse-node '[ \"$(stat -c \"%F %t:%T %a %u:%g\" /dev/fuse)\" = \"character special file a:e5 "
    "600 1000:1000\" ]'\n"
    "t console-is-pty '[ \"$(stat -c %t /dev/console)\" = 88 ]'\n"
    "t idmapped-owner '[ \"$(stat -c %u:%g /idmapped/owned)\" = 100000:100000 ]'\n";

/* user namespace scenario: sysfs/cgroup fall back to binds, devices bound */
static const char checks_userns[] =
    "expect sysfs-fallback-bind /sys 'ro,nosuid,nodev,noexec,relatime sysfs *'\n"
    "expect cgroup-fallback-bind /sys/fs/cgroup 'ro,nosuid,nodev,noexec,relatime cgroup2 *'\n"
    "expect null-bound /dev/null 'rw,* devtmpfs *'\n"
    "t null-node '[ \"$(stat -c \"%t:%T\" /dev/null)\" = 1:3 ]'\n"
    "t null-works 'echo x > /dev/null'\n"
    "t fuse-bound '[ \"$(stat -c \"%t:%T\" /dev/fuse)\" = a:e5 ]'\n"
    "t uid-map '[ \"$(cat /proc/self/uid_map | tr -s \" \")\" = \" 0 0 4294967295\" ]'\n"
    "t idmapped-owner '[ \"$(stat -c %u:%g /idmapped/owned)\" = 100000:100000 ]'\n";

/* rootfs on a shared host mount: the propagation of "/" in the container */
#define ROOT_LINE "rootline() { awk '$5 == \"/\"' /proc/self/mountinfo | tail -1; }\n"
static const char root_slave[] = ROOT_LINE "t root-is-slave 'rootline | grep -q \" master:\"'\n"
                                           "f root-not-shared 'rootline | grep -q \" shared:\"'\n";
static const char root_shared[] = ROOT_LINE "t root-is-shared 'rootline | grep -q \" shared:\"'\n";
static const char root_private[] =
    ROOT_LINE "f root-no-master 'rootline | grep -q \" master:\"'\n"
              "f root-not-shared 'rootline | grep -q \" shared:\"'\n";

/* ---- running one container ---- */

struct scenario
{
  const char *name;
  struct cinch_plan plan;
  struct cinch_rootfs_opts opts;
  bool userns;
  bool idmap;
  const char *checks;       /* NULL: negative scenario */
  bool full;                /* built by full_plan: run checks_full too */
  const char *expect_error; /* substring of the setup error */
};

static void
child_die (const char *what, cinch_error_t *err)
{
  printf ("SETUP-ERROR %s: %s\n", what, cinch_error_msg (*err));
  fflush (stdout);
  _exit (3);
}

/* Inside the new namespaces, as the would-be container process.  */
static void
container (struct scenario *s)
{
  cleanup_error cinch_error_t err = NULL;
  cleanup_free char *script = NULL;

  int rootfd = -1;

  if (cinch_rootfs_setup_mounts (&s->plan, &s->opts, &rootfd, &err) < 0)
    child_die ("setup_mounts", &err);
  if (cinch_rootfs_finish (&s->plan, &s->opts, rootfd, &err) < 0)
    child_die ("finish", &err);
  if (s->plan.process.terminal)
    {
      int ptmx = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
      int slave;
      if (ptmx < 0 || unlockpt (ptmx) < 0)
        {
          printf ("SETUP-ERROR ptmx: %s\n", strerror (errno));
          _exit (3);
        }
      slave = ioctl (ptmx, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (slave < 0 || cinch_rootfs_mount_console (slave, &err) < 0)
        child_die ("console", &err);
    }
  if (cinch_rootfs_chdir (s->plan.process.cwd, &err) < 0)
    child_die ("chdir", &err);
  script = cinch_xasprintf ("%s%s%s", checks_common, s->full ? checks_full : "", s->checks);
  fflush (stdout);
  execl ("/bin/sh", "sh", "-c", script, (char *) NULL);
  printf ("SETUP-ERROR exec: %s\n", strerror (errno));
  _exit (3);
}

/* The maps of a user namespace must be written by a process holding
 * CAP_SETUID in the parent namespace: the harness (still on the host)
 * writes them while the child waits.  */
static void
child_enter_userns (int ready_w, int go_r)
{
  char c;

  if (unshare (CLONE_NEWUSER) < 0 || write (ready_w, "r", 1) != 1 || read (go_r, &c, 1) != 1)
    {
      printf ("SETUP-ERROR userns: %s\n", strerror (errno));
      _exit (3);
    }
}

static void
parent_write_maps (pid_t pid, int ready_r, int go_w)
{
  cleanup_error cinch_error_t err = NULL;
  char path[64], c;

  if (read (ready_r, &c, 1) != 1)
    return;
  snprintf (path, sizeof (path), "/proc/%d/uid_map", (int) pid);
  if (cinch_write_file_at (AT_FDCWD, path, "0 0 4294967295\n", &err) < 0)
    fprintf (stderr, "harness: %s\n", cinch_error_msg (err));
  snprintf (path, sizeof (path), "/proc/%d/gid_map", (int) pid);
  if (cinch_write_file_at (AT_FDCWD, path, "0 0 4294967295\n", &err) < 0)
    fprintf (stderr, "harness: %s\n", cinch_error_msg (err));
  if (write (go_w, "g", 1) != 1)
    fprintf (stderr, "harness: sync write failed\n");
}

/* Returns the child's output.  */
static char *
run (struct scenario *s)
{
  int p[2], ready[2], go[2];
  pid_t pid;
  char *out = NULL;
  size_t len = 0;
  FILE *f;
  int status;

  if (pipe2 (p, O_CLOEXEC) < 0 || pipe2 (ready, O_CLOEXEC) < 0 || pipe2 (go, O_CLOEXEC) < 0)
    exit (2);
  pid = fork ();
  if (pid == 0)
    {
      pid_t inner;
      dup2 (p[1], 1);
      dup2 (p[1], 2);
      if (s->userns)
        child_enter_userns (ready[1], go[0]);
      /* A user namespace container owns its IPC namespace (else mqueue
       * cannot be mounted: the fallback is the host's /dev/mqueue).  */
      if (unshare (CLONE_NEWNS | CLONE_NEWPID | (s->userns ? CLONE_NEWIPC : 0)) < 0)
        {
          printf ("SETUP-ERROR unshare: %s\n", strerror (errno));
          _exit (3);
        }
      inner = fork ();
      if (inner == 0)
        container (s);
      while (waitpid (inner, &status, 0) < 0 && errno == EINTR)
        ;
      _exit (WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
    }
  close (p[1]);
  close (ready[1]);
  close (go[0]);
  if (s->userns)
    parent_write_maps (pid, ready[0], go[1]);
  close (ready[0]);
  close (go[1]);
  f = fdopen (p[0], "r");
  {
    char buf[4096];
    size_t n;
    FILE *mem = open_memstream (&out, &len);
    while ((n = fread (buf, 1, sizeof (buf), f)) > 0)
      fwrite (buf, 1, n, mem);
    fclose (mem);
  }
  fclose (f);
  waitpid (pid, &status, 0);
  return out;
}

static char *
host_mountinfo (void)
{
  char *s = NULL;
  cleanup_error cinch_error_t err = NULL;
  if (cinch_read_file ("/proc/self/mountinfo", 1 << 24, &s, NULL, &err) < 0)
    exit (2);
  return s;
}

static void
report (const char *scenario, bool ok, const char *what)
{
  printf ("%s [%s] %s\n", ok ? "PASS" : "FAIL", scenario, what);
  if (!ok)
    failures++;
}

static void
run_scenario (struct scenario *s)
{
  cleanup_free char *before = host_mountinfo ();
  cleanup_free char *after = NULL;
  cleanup_free char *out = NULL;
  cleanup_free int *premade = NULL;
  cleanup_error cinch_error_t err = NULL;
  bool verbose = getenv ("VERBOSE") != NULL;

  s->opts.root_dirfd = -1; /* by path */
  printf ("=== scenario %s\n", s->name);
  if (s->idmap)
    {
      if (cinch_rootfs_prepare_idmapped (&s->plan, -1, &premade, &err) < 0)
        {
          report (s->name, false, cinch_error_msg (err));
          return;
        }
      s->opts.premade_mount_fds = premade;
    }
  out = run (s);
  for (size_t i = 0; premade && i < s->plan.n_mounts; i++)
    cinch_close (&premade[i]);

  if (s->checks)
    {
      int passes = 0;
      bool setup_failed = strstr (out, "SETUP-ERROR") != NULL;
      for (char *line = out; line && *line;)
        {
          char *nl = strchr (line, '\n');
          if (nl)
            *nl = '\0';
          if (strncmp (line, "FAIL", 4) == 0 || strncmp (line, "SETUP-ERROR", 11) == 0)
            report (s->name, false, line);
          else if (strncmp (line, "PASS", 4) == 0)
            {
              passes++;
              if (verbose)
                printf ("  %s\n", line);
            }
          else if (verbose)
            printf ("  | %s\n", line);
          line = nl ? nl + 1 : NULL;
        }
      if (!setup_failed)
        printf ("  %d checks passed\n", passes);
    }
  else
    {
      char *line = strstr (out, "SETUP-ERROR");
      bool ok = line && strstr (line, s->expect_error);
      if (line && strchr (line, '\n'))
        *strchr (line, '\n') = '\0';
      report (s->name, ok, line ? line : "setup unexpectedly succeeded");
    }

  after = host_mountinfo ();
  report (s->name, strcmp (before, after) == 0, "host mountinfo unchanged");
  if (strcmp (before, after) != 0)
    printf ("--- before\n%s--- after\n%s", before, after);
}

static void
negative (const char *name, const char *root, const char *dest, const char *type, const char *src,
          const char *expect)
{
  struct scenario s = { .name = name, .expect_error = expect };

  base_plan (&s.plan, root);
  if (strcmp (dest, "/proc/sys/kernel/hostname") == 0)
    add_mount ("/proc", "proc", "proc", NSD, NULL);
  add_mount (dest, type, src, 0, NULL);
  s.plan.n_mounts = n_mounts;
  s.opts.new_mount_ns = true;
  run_scenario (&s);
}

int
main (void)
{
  struct scenario s;
  struct stat st;
  cleanup_error cinch_error_t err = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);
  prepare_fs ();

  s = (struct scenario){
    .name = "full-mknod", .full = true, .checks = checks_mknod, .idmap = true
  };
  full_plan (&s.plan, ROOTFS, true);
  s.opts.new_mount_ns = true;
  run_scenario (&s);
  report ("full-mknod", stat ("/etc/sub", &st) < 0 && stat ("/etc/sub2", &st) < 0,
          "host /etc/sub and /etc/sub2 were not created");
  report ("full-mknod", stat (ROOTFS "/etc/sub", &st) == 0 && S_ISDIR (st.st_mode),
          "rootfs/etc/sub was created inside the rootfs");

  s = (struct scenario){
    .name = "full-userns", .full = true, .checks = checks_userns, .userns = true, .idmap = true
  };
  full_plan (&s.plan, ROOTFS, true);
  s.plan.process.terminal = false;
  s.opts.new_mount_ns = true;
  s.opts.in_userns = true;
  run_scenario (&s);

  s = (struct scenario){ .name = "no-pivot",
                         .full = true,
                         .checks = "t chroot-root '[ -x /bin/busybox ]'\n" };
  full_plan (&s.plan, ROOTFS, false);
  s.opts.new_mount_ns = true;
  s.opts.no_pivot = true;
  run_scenario (&s);

  s = (struct scenario){ .name = "shared-host-rslave", .full = true, .checks = root_slave };
  full_plan (&s.plan, BASE "/shared/rootfs", false);
  s.opts.new_mount_ns = true;
  run_scenario (&s);

  s = (struct scenario){ .name = "shared-host-rshared", .full = true, .checks = root_shared };
  full_plan (&s.plan, BASE "/shared/rootfs", false);
  s.plan.linux_.has_rootfs_propagation = true;
  s.plan.linux_.rootfs_propagation = CINCH_PROP_SHARED;
  s.plan.linux_.rootfs_propagation_recursive = true;
  s.opts.new_mount_ns = true;
  run_scenario (&s);

  s = (struct scenario){ .name = "shared-host-private", .full = true, .checks = root_private };
  full_plan (&s.plan, BASE "/shared/rootfs", false);
  s.plan.linux_.has_rootfs_propagation = true;
  s.plan.linux_.rootfs_propagation = CINCH_PROP_PRIVATE;
  s.opts.new_mount_ns = true;
  run_scenario (&s);

  negative ("proc-on-symlink", BASE "/evil", "/proc", "proc", "proc", "CVE-2019-19921");
  negative ("sysfs-on-symlink", BASE "/evil", "/sys", "sysfs", "sysfs", "CVE-2019-19921");
  negative ("bind-over-proc", ROOTFS, "/proc", NULL, BASE "/vol", "CVE-2019-16884");
  negative ("bind-inside-proc", ROOTFS, "/proc/sys/kernel/hostname", NULL, BASE "/hostfile",
            "inside /proc");
  {
    /* the error names the option and carries the kernel's fs_context log */
    struct scenario b = { .name = "fs-log-in-error", .expect_error = "Bad value for 'mode'" };
    base_plan (&b.plan, ROOTFS);
    add_mount ("/tmp", "tmpfs", "tmpfs", 0, "mode=nonsense");
    b.plan.n_mounts = n_mounts;
    b.opts.new_mount_ns = true;
    run_scenario (&b);
  }

  {
    /* through the real parser and decoder */
    struct scenario c = {
      .name = "config-json", .full = true, .checks = checks_mknod, .idmap = true
    };
    struct cinch_plan *parsed = NULL;
    if (cinch_plan_parse (config_json, sizeof (config_json) - 1, BASE, &parsed, &err) < 0)
      report ("config-json", false, cinch_error_msg (err));
    else
      {
        c.plan = *parsed;
        c.opts.new_mount_ns = true;
        run_scenario (&c);
        cinch_plan_free (parsed);
      }
  }
  {
    /* no /dev mount: nodes go into the image's /dev, a regular file posing
     * as /dev/null is replaced; readonlyPaths on an existing mount */
    struct scenario d = {
      .name = "no-dev-mount",
      .checks = "t null '[ -c /dev/null ] && [ \"$(stat -c %t:%T /dev/null)\" = 1:3 ]'\n"
                "t null-empty '[ -z \"$(cat /dev/null)\" ]'\n"
                "expect ro-existing-mount /tmp 'ro,relatime tmpfs *'\n"
    };
    static char *ro_tmp[] = { "/tmp", "/does/not/exist", NULL };
    base_plan (&d.plan, ROOTFS);
    add_mount ("/proc", "proc", "proc", NSD, NULL);
    add_mount ("/tmp", "tmpfs", "tmpfs", 0, NULL);
    d.plan.n_mounts = n_mounts;
    d.plan.linux_.readonly_paths = ro_tmp;
    d.opts.new_mount_ns = true;
    run_scenario (&d);
    report ("no-dev-mount", stat (ROOTFS "/dev/null", &st) == 0 && S_ISCHR (st.st_mode),
            "the image's /dev/null is now the device node");
  }
  {
    struct scenario e = { .name = "device-on-directory",
                          .expect_error =
                              "linux.devices[0].path \"/dev/pts\": mknod: Is a directory" };
    base_plan (&e.plan, ROOTFS);
    add_mount ("/dev", "tmpfs", "tmpfs", 0, NULL);
    add_mount ("/dev/pts", "devpts", "devpts", 0, "newinstance");
    e.plan.n_mounts = n_mounts;
    devices[0] = (struct cinch_device){ .path = "/dev/pts", .type = 'c', .major = 1, .minor = 3 };
    e.plan.linux_.devices = devices;
    e.plan.linux_.n_devices = 1;
    e.opts.new_mount_ns = true;
    run_scenario (&e);
  }
  negative ("procfs-bind-inside-proc", ROOTFS, "/proc/sys/kernel/hostname", NULL,
            "/proc/sys/kernel/domainname", "inside /proc");
  negative ("dangling-symlink-destination", ROOTFS, "/dangling/x", "tmpfs", "tmpfs",
            "dangling symlink");
  negative ("destination-root", ROOTFS, "/", "tmpfs", "tmpfs", "mounts[0].destination");
  negative ("missing-bind-source", ROOTFS, "/x", NULL, BASE "/nope",
            "mounts[0].source \"" BASE "/nope\": open_tree");

  /* the harness's own setup mounts (the scenarios left nothing, checked above) */
  sh ("umount " BASE "/shared " BASE "/vol/sub");
  printf ("%s: %d failure(s)\n", failures ? "FAILED" : "OK", failures);
  return failures ? 1 : 0;
}
