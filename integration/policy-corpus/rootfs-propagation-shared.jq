# linux.rootfsPropagation shared.
# expect: CINCH-MOUNT-SHARED linux.rootfsPropagation
.linux.rootfsPropagation = "shared"
