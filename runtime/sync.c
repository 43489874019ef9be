#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct wire_hdr
{
  uint32_t type;
  int32_t errnum;
};

int
cinch_sync_send (int sock, uint32_t type, int32_t errnum, const void *payload, size_t len,
                 const int *fds, size_t n_fds, int with_creds)
{
  struct wire_hdr h = { type, errnum };
  struct iovec iov[2] = { { &h, sizeof (h) }, { (void *) payload, len } };
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * CINCH_SYNC_MAX_FDS) + CMSG_SPACE (sizeof (struct ucred))];
    struct cmsghdr align;
  } control;
  struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
  size_t clen = 0;

  if (len > CINCH_SYNC_MAX_PAYLOAD || n_fds > CINCH_SYNC_MAX_FDS)
    {
      errno = E2BIG;
      return -1;
    }
  memset (&control, 0, sizeof (control));
  mh.msg_control = control.buf;
  if (n_fds > 0)
    {
      struct cmsghdr *c = (struct cmsghdr *) (control.buf + clen);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int) * n_fds);
      memcpy (CMSG_DATA (c), fds, sizeof (int) * n_fds);
      clen += CMSG_SPACE (sizeof (int) * n_fds);
    }
  if (with_creds)
    {
      struct cmsghdr *c = (struct cmsghdr *) (control.buf + clen);
      struct ucred cr = { getpid (), getuid (), getgid () };
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_CREDENTIALS;
      c->cmsg_len = CMSG_LEN (sizeof (cr));
      memcpy (CMSG_DATA (c), &cr, sizeof (cr));
      clen += CMSG_SPACE (sizeof (cr));
    }
  mh.msg_controllen = clen;
  if (clen == 0)
    mh.msg_control = NULL;
  for (;;)
    {
      ssize_t r = sendmsg (sock, &mh, MSG_NOSIGNAL);
      if (r >= 0)
        return 0;
      if (errno != EINTR)
        return -1;
    }
}

int
cinch_sync_recv (int sock, struct cinch_sync_msg *msg)
{
  struct wire_hdr h;
  struct iovec iov[2] = { { &h, sizeof (h) }, { msg->payload, CINCH_SYNC_MAX_PAYLOAD } };
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * CINCH_SYNC_MAX_FDS) + CMSG_SPACE (sizeof (struct ucred))];
    struct cmsghdr align;
  } control;
  struct msghdr mh = { .msg_iov = iov,
                       .msg_iovlen = 2,
                       .msg_control = control.buf,
                       .msg_controllen = sizeof (control.buf) };
  ssize_t r;

  msg->n_fds = 0;
  msg->cred_pid = 0;
  do
    r = recvmsg (sock, &mh, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return -1;
  if (r == 0)
    {
      errno = EPIPE;
      return -1;
    }
  if ((size_t) r < sizeof (h))
    {
      errno = EPROTO;
      return -1;
    }
  msg->type = h.type;
  msg->errnum = h.errnum;
  msg->len = (size_t) r - sizeof (h);
  msg->payload[msg->len] = '\0';
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c; c = CMSG_NXTHDR (&mh, c))
    {
      if (c->cmsg_level != SOL_SOCKET)
        continue;
      if (c->cmsg_type == SCM_RIGHTS)
        {
          size_t n = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
          if (n > CINCH_SYNC_MAX_FDS)
            n = CINCH_SYNC_MAX_FDS;
          memcpy (msg->fds, CMSG_DATA (c), n * sizeof (int));
          msg->n_fds = n;
        }
      else if (c->cmsg_type == SCM_CREDENTIALS)
        {
          struct ucred cr;
          memcpy (&cr, CMSG_DATA (c), sizeof (cr));
          msg->cred_pid = cr.pid;
        }
    }
  return 0;
}

int
cinch_sync_send_error (int sock, cinch_error_t err)
{
  const char *m = cinch_error_msg (err);
  size_t len = strlen (m);
  if (len > CINCH_SYNC_MAX_PAYLOAD)
    len = CINCH_SYNC_MAX_PAYLOAD;
  return cinch_sync_send (sock, CINCH_SYNC_ERROR, err ? err->errnum : 0, m, len, NULL, 0, 0);
}

int
cinch_sync_expect (int sock, uint32_t type, struct cinch_sync_msg *msg)
{
  if (cinch_sync_recv (sock, msg) < 0)
    return -1;
  if (msg->type != type)
    {
      for (size_t i = 0; i < msg->n_fds; i++)
        close (msg->fds[i]);
      msg->n_fds = 0;
      errno = EPROTO;
      return -1;
    }
  return 0;
}
