/* cinch — rtnetlink via libmnl: bring up "lo" in a new network namespace.  */
#include "netlink.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "util.h"

static void
mnl_socket_closep (struct mnl_socket **nl)
{
  if (*nl != NULL)
    mnl_socket_close (*nl);
  *nl = NULL;
}
#define cleanup_mnl __attribute__ ((cleanup (mnl_socket_closep)))

int
cinch_netlink_loopback_up (cinch_error_t *err)
{
  cleanup_mnl struct mnl_socket *nl = NULL;
  /* One small request and one ack (an error ack echoes the request).  */
  char buf[8192];
  struct nlmsghdr *nlh;
  struct ifinfomsg *ifm;
  unsigned int seq = 1, portid;
  unsigned int index = if_nametoindex ("lo");
  ssize_t n;
  int r;

  nl = mnl_socket_open2 (NETLINK_ROUTE, SOCK_CLOEXEC);
  if (nl == NULL)
    return cinch_fail (err, errno, "loopback: open a NETLINK_ROUTE socket");
  if (mnl_socket_bind (nl, 0, MNL_SOCKET_AUTOPID) < 0)
    return cinch_fail (err, errno, "loopback: bind the netlink socket");
  portid = mnl_socket_get_portid (nl);

  memset (buf, 0, sizeof (buf));
  nlh = mnl_nlmsg_put_header (buf);
  nlh->nlmsg_type = RTM_NEWLINK;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  nlh->nlmsg_seq = seq;
  ifm = mnl_nlmsg_put_extra_header (nlh, sizeof (*ifm));
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
  /* By index when we can find it (1 in a fresh namespace); else let the
   * kernel look "lo" up by name.  Not both: a name next to an index is a
   * rename request.  */
  if (index != 0)
    ifm->ifi_index = (int) index;
  else
    mnl_attr_put_strz (nlh, IFLA_IFNAME, "lo");

  if (mnl_socket_sendto (nl, nlh, nlh->nlmsg_len) < 0)
    return cinch_fail (err, errno, "loopback: send RTM_NEWLINK");
  do
    {
      n = mnl_socket_recvfrom (nl, buf, sizeof (buf));
      if (n < 0)
        {
          if (errno == EINTR)
            {
              r = MNL_CB_OK;
              continue;
            }
          return cinch_fail (err, errno, "loopback: receive the netlink ack");
        }
      if (n == 0)
        return cinch_fail (err, EPIPE, "loopback: netlink socket closed before the ack");
      /* No data callback: an NLMSG_ERROR with a non-zero code returns -1
       * with errno set from it; a zero code (the ack) stops.  */
      r = mnl_cb_run (buf, (size_t) n, seq, portid, NULL, NULL);
      if (r < 0)
        return cinch_fail (err, errno, "loopback: set \"lo\" up");
    }
  while (r > MNL_CB_STOP);
  return 0;
}
