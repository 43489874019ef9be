/* cinch — container state files, locking and status.  */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cgroup.h"
#include "spec.h"
#include "util.h"

#define STATE_MAX_SIZE (1u << 20)

static const char *const status_names[] = { "creating", "created", "running", "stopped", "paused" };

const char *
cinch_status_name (enum cinch_status s)
{
  return status_names[s];
}

static json_t *
annotations_json (const struct cinch_state *st)
{
  json_t *a = json_object ();
  for (size_t i = 0; i < st->n_annotations; i++)
    json_object_set_new (a, st->annotations[i].key, json_string (st->annotations[i].value));
  return a;
}

char *
cinch_state_to_json (const struct cinch_state *st)
{
  json_t *o = json_object ();
  char *s;

  json_object_set_new (o, "id", json_string (st->id));
  json_object_set_new (o, "pid", json_integer (st->pid));
  json_object_set_new (o, "start_time", json_integer ((json_int_t) st->start_time));
  json_object_set_new (o, "bundle", json_string (st->bundle));
  json_object_set_new (o, "rootfs", json_string (st->rootfs));
  json_object_set_new (o, "created", json_string (st->created));
  json_object_set_new (o, "owner_uid", json_integer (st->owner_uid));
  json_object_set_new (o, "own_pid_ns", json_boolean (st->own_pid_ns));
  json_object_set_new (o, "has_poststart", json_boolean (st->has_poststart));
  json_object_set_new (o, "has_poststop", json_boolean (st->has_poststop));
  if (st->config_path)
    json_object_set_new (o, "config_path", json_string (st->config_path));
  if (st->cgroup_path)
    json_object_set_new (o, "cgroup_path", json_string (st->cgroup_path));
  json_object_set_new (o, "annotations", annotations_json (st));
  s = json_dumps (o, JSON_COMPACT);
  json_decref (o);
  if (s == NULL)
    abort ();
  return s;
}

static int
get_string (json_t *o, const char *key, bool required, char **out, cinch_error_t *err)
{
  json_t *v = json_object_get (o, key);
  if (v == NULL && !required)
    return 0;
  if (!json_is_string (v))
    return cinch_fail (err, 0, "state file: `%s` missing or not a string", key);
  *out = cinch_xstrdup (json_string_value (v));
  return 0;
}

int
cinch_state_from_json (const char *text, struct cinch_state *out, cinch_error_t *err)
{
  json_error_t jerr;
  json_t *o = json_loads (text, JSON_REJECT_DUPLICATES, &jerr);
  struct cinch_state st = { 0 };
  json_t *v, *ann;
  int r = -1;

  if (o == NULL || !json_is_object (o))
    {
      json_decref (o);
      return cinch_fail (err, 0, "state file: invalid JSON: %s", o ? "not an object" : jerr.text);
    }
  if (get_string (o, "id", true, &st.id, err) < 0
      || get_string (o, "bundle", true, &st.bundle, err) < 0
      || get_string (o, "rootfs", true, &st.rootfs, err) < 0
      || get_string (o, "created", true, &st.created, err) < 0
      || get_string (o, "config_path", false, &st.config_path, err) < 0)
    goto out;
  v = json_object_get (o, "pid");
  if (!json_is_integer (v) || json_integer_value (v) < 0)
    {
      cinch_fail (err, 0, "state file: `pid` missing or invalid");
      goto out;
    }
  st.pid = (pid_t) json_integer_value (v);
  v = json_object_get (o, "start_time");
  st.start_time = json_is_integer (v) ? (unsigned long long) json_integer_value (v) : 0;
  v = json_object_get (o, "owner_uid");
  st.owner_uid = json_is_integer (v) ? (unsigned int) json_integer_value (v) : 0;
  st.own_pid_ns = json_is_true (json_object_get (o, "own_pid_ns"));
  st.has_poststart = json_is_true (json_object_get (o, "has_poststart"));
  st.has_poststop = json_is_true (json_object_get (o, "has_poststop"));
  v = json_object_get (o, "cgroup_path");
  if (json_is_string (v))
    st.cgroup_path = cinch_xstrdup (json_string_value (v));
  ann = json_object_get (o, "annotations");
  if (json_is_object (ann) && json_object_size (ann) > 0)
    {
      const char *k;
      json_t *val;
      st.annotations = cinch_xcalloc (json_object_size (ann), sizeof (*st.annotations));
      json_object_foreach (ann, k, val)
      {
        if (!json_is_string (val))
          continue;
        st.annotations[st.n_annotations].key = cinch_xstrdup (k);
        st.annotations[st.n_annotations].value = cinch_xstrdup (json_string_value (val));
        st.n_annotations++;
      }
    }
  *out = st;
  memset (&st, 0, sizeof (st));
  r = 0;
out:
  cinch_state_clear (&st);
  json_decref (o);
  return r;
}

void
cinch_state_clear (struct cinch_state *st)
{
  free (st->id);
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
  free (st->config_path);
  free (st->cgroup_path);
  for (size_t i = 0; i < st->n_annotations; i++)
    {
      free (st->annotations[i].key);
      free (st->annotations[i].value);
    }
  free (st->annotations);
  memset (st, 0, sizeof (*st));
}

char *
cinch_state_oci_json (const struct cinch_state *st, enum cinch_status status)
{
  json_t *o = json_object ();
  char *s;

  json_object_set_new (o, "ociVersion", json_string (CINCH_OCI_VERSION));
  json_object_set_new (o, "id", json_string (st->id));
  json_object_set_new (o, "status", json_string (cinch_status_name (status)));
  json_object_set_new (o, "pid", json_integer (status == CINCH_STATUS_STOPPED ? 0 : st->pid));
  json_object_set_new (o, "bundle", json_string (st->bundle));
  json_object_set_new (o, "rootfs", json_string (st->rootfs));
  json_object_set_new (o, "created", json_string (st->created));
  json_object_set_new (o, "owner", json_string (st->owner_uid == 0 ? "root" : ""));
  json_object_set_new (o, "annotations", annotations_json (st));
  s = json_dumps (o, JSON_INDENT (2));
  json_decref (o);
  if (s == NULL)
    abort ();
  return s;
}

int
cinch_state_root_open (const char *root, bool create, int *fd_out, cinch_error_t *err)
{
  int fd;

  if (create && cinch_mkdir_p (root, 0700, err) < 0)
    return cinch_error_wrap (err, "state root");
  fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return cinch_fail (err, errno, "open state root `%s`", root);
  *fd_out = fd;
  return 0;
}

static int
lock_dir (int fd, bool exclusive, const char *id, cinch_error_t *err)
{
  while (flock (fd, exclusive ? LOCK_EX : LOCK_SH) < 0)
    if (errno != EINTR)
      return cinch_fail (err, errno, "lock container `%s`", id);
  return 0;
}

int
cinch_state_dir_create (int rootfd, const char *id, int *dirfd_out, cinch_error_t *err)
{
  cleanup_close int fd = -1;

  if (mkdirat (rootfd, id, 0700) < 0)
    {
      if (errno == EEXIST)
        return cinch_fail (err, 0, "container `%s` already exists", id);
      return cinch_fail (err, errno, "create state directory for `%s`", id);
    }
  fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return cinch_fail (err, errno, "open state directory of `%s`", id);
  if (lock_dir (fd, true, id, err) < 0)
    return -1;
  *dirfd_out = cinch_steal_fd (&fd);
  return 0;
}

int
cinch_state_dir_open (int rootfd, const char *id, bool exclusive, int *dirfd_out,
                      cinch_error_t *err)
{
  cleanup_close int fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;

  if (fd < 0)
    {
      if (errno == ENOENT)
        return cinch_fail_code (err, ENOENT, "container `%s` does not exist", id);
      return cinch_fail (err, errno, "open state of container `%s`", id);
    }
  if (lock_dir (fd, exclusive, id, err) < 0)
    return -1;
  /* A concurrent delete may have removed the directory while we waited. */
  if (fstat (fd, &st) < 0 || st.st_nlink == 0)
    return cinch_fail_code (err, ENOENT, "container `%s` does not exist", id);
  *dirfd_out = cinch_steal_fd (&fd);
  return 0;
}

int
cinch_state_dir_remove (int rootfd, const char *id, cinch_error_t *err)
{
  cleanup_close int fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  DIR *d;
  struct dirent *de;

  if (fd < 0)
    {
      if (errno == ENOENT)
        return 0;
      return cinch_fail (err, errno, "open state directory of `%s`", id);
    }
  d = fdopendir (cinch_steal_fd (&fd));
  if (d == NULL)
    return cinch_fail (err, errno, "read state directory of `%s`", id);
  while ((de = readdir (d)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (unlinkat (dirfd (d), de->d_name, 0) < 0 && errno != ENOENT)
        {
          int e = errno;
          closedir (d);
          return cinch_fail (err, e, "remove `%s` of container `%s`", de->d_name, id);
        }
    }
  closedir (d);
  if (unlinkat (rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return cinch_fail (err, errno, "remove state directory of `%s`", id);
  return 0;
}

int
cinch_state_write (int dirfd, const struct cinch_state *st, cinch_error_t *err)
{
  cleanup_free char *s = cinch_state_to_json (st);
  if (cinch_write_file_atomic (dirfd, CINCH_STATE_FILE, s, strlen (s), err) < 0)
    return cinch_error_wrap (err, "write state of `%s`", st->id);
  return 0;
}

int
cinch_state_read (int dirfd, const char *id, struct cinch_state *out, cinch_error_t *err)
{
  cleanup_free char *text = NULL;

  if (cinch_read_file_at (dirfd, CINCH_STATE_FILE, STATE_MAX_SIZE, &text, NULL, err) < 0)
    {
      if ((*err)->errnum == ENOENT)
        {
          cinch_error_free (err);
          return cinch_fail_code (err, ENOENT,
                                  "container `%s` is being created or was not created "
                                  "completely (no state file)",
                                  id);
        }
      return cinch_error_wrap (err, "container `%s`", id);
    }
  if (cinch_state_from_json (text, out, err) < 0)
    return cinch_error_wrap (err, "container `%s`", id);
  return 0;
}

unsigned long long
cinch_proc_start_time (pid_t pid)
{
  char path[64], buf[1024];
  cleanup_close int fd = -1;
  ssize_t n;
  char *p;
  char state;
  unsigned long long start = 0;

  snprintf (path, sizeof (path), "/proc/%d/stat", pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  n = cinch_read_all (fd, buf, sizeof (buf) - 1);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  /* The command name may hold spaces and parentheses: fields start after
   * the last ')'.  */
  p = strrchr (buf, ')');
  if (p == NULL || sscanf (p + 1, " %c", &state) != 1)
    return 0;
  if (state == 'Z' || state == 'X')
    return 0;
  p += 2; /* now at field 3 (state) */
  for (int field = 3; field < 22 && p; field++)
    {
      p = strchr (p, ' ');
      if (p)
        p++;
    }
  if (p == NULL || sscanf (p, "%llu", &start) != 1)
    return 0;
  return start;
}

enum cinch_status
cinch_state_status (int dirfd, const struct cinch_state *st)
{
  unsigned long long start;
  struct stat sb;

  if (st->pid <= 0)
    return CINCH_STATUS_STOPPED;
  start = cinch_proc_start_time (st->pid);
  if (start == 0 || (st->start_time != 0 && start != st->start_time))
    return CINCH_STATUS_STOPPED;
  if (fstatat (dirfd, CINCH_EXEC_FIFO, &sb, AT_SYMLINK_NOFOLLOW) == 0)
    return CINCH_STATUS_CREATED;
  /* `pause` froze its cgroup: the kernel's cgroup.events says so, and
   * stays the truth even if pause was interrupted after the write.  */
  if (st->cgroup_path)
    {
      int cgfd = open (st->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      bool frozen = cgfd >= 0 && cinch_cgroup_is_frozen (cgfd) == 1;
      if (cgfd >= 0)
        close (cgfd);
      if (frozen)
        return CINCH_STATUS_PAUSED;
    }
  return CINCH_STATUS_RUNNING;
}
