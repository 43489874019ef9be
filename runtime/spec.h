/* cinch — documents cinch prints: the default config.json of `cinch spec`
 * and the features document of `cinch features` (pure).  */
#ifndef CINCH_SPEC_H
#define CINCH_SPEC_H

#include <stdbool.h>

/* The default config.json text (pretty-printed, trailing newline), owned by
 * the caller; `runc spec`'s document except terminal false, hostname
 * "cinch" and no linux.resources.  rootless (as runc's --rootless): a user
 * namespace mapping host_uid/host_gid to root (size 1), no network
 * namespace, /sys as a read-only rbind of the host's (sysfs needs the
 * network namespace's owner) and no gid= option on devpts.  Aborts only
 * on out-of-memory.  */
char *cinch_spec_default (bool rootless, unsigned int host_uid, unsigned int host_gid);

/* The features document (runtime-spec features.md, fixed at build time),
 * pretty-printed with a trailing newline, owned by the caller.  */
char *cinch_features_json (void);

/* The standard linux.maskedPaths and linux.readonlyPaths (NULL-terminated),
 * for `cinch spec` and the hardened policy.  */
extern const char *const cinch_default_masked_paths[];
extern const char *const cinch_default_readonly_paths[];

/* The OCI runtime-spec version cinch implements.  */
#define CINCH_OCI_VERSION "1.2.0"
#define CINCH_OCI_VERSION_MIN "1.0.0"

#endif
