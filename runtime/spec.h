/* cinch — documents cinch prints: the default config.json of `cinch spec`
 * and the features document of `cinch features` (pure).  */
#ifndef CINCH_SPEC_H
#define CINCH_SPEC_H

#include <stdbool.h>

/* The default config.json text (pretty-printed, trailing newline), owned by
 * the caller.  rootless: user namespace with the caller's uid/gid mapped to
 * root, no network namespace, bind mounts instead of sysfs/mqueue where an
 * unprivileged user cannot mount them.  */
char *cinch_spec_default (bool rootless, unsigned int host_uid, unsigned int host_gid);

/* The features document (runtime-spec features.md), owned by the caller.  */
char *cinch_features_json (void);

/* The OCI runtime-spec version cinch implements.  */
#define CINCH_OCI_VERSION "1.2.0"
#define CINCH_OCI_VERSION_MIN "1.0.0"

#endif
