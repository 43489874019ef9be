# CAP_NET_ADMIN, only in the inheritable set: the refusal covers all five sets.
# expect: CINCH-CAP-NETADMIN process.capabilities.inheritable
.process.capabilities.inheritable = ["CAP_NET_ADMIN"]
