# statuskit in a container: one statically linked binary FROM scratch, run as
# an unprivileged user, with no shell, libc or package manager beside it.
#
# The binary is built on the host, not in a build stage, so the build pulls
# no base image from any registry:
#
#   scripts/build-image                    # Go build + podman/docker build
#   scripts/build-image -t ghcr.io/OWNER/statuskit:v1.2.0
#
# which is `CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o
# .bin/image/statuskit ./cmd/statuskit` followed by
# `podman build --format docker -t localhost/statuskit:dev -f Dockerfile .`
# (docker: the same without --format). See docs/container.md.
FROM scratch

# Filled in by scripts/build-image from git.
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="statuskit" \
      org.opencontainers.image.description="Knows, serves, injects, checks and grades HTTP status codes" \
      org.opencontainers.image.url="https://github.com/statuskit/statuskit" \
      org.opencontainers.image.source="https://github.com/statuskit/statuskit" \
      org.opencontainers.image.documentation="https://github.com/statuskit/statuskit/blob/main/docs/container.md" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"

# Owned by root with mode 0555 (set by the script): the server cannot
# rewrite its own program.
COPY .bin/image/statuskit /statuskit

# 65532 is the "nonroot" user of distroless images; numeric, because a
# scratch image has no /etc/passwd to look a name up in.
USER 65532:65532

EXPOSE 8080

# probe exits 0 on a 2xx and needs no shell or curl. Its own timeout (2s)
# is below the check's, so a hung server reads "no response within 2s".
# A server started on another port or with TLS needs its own check:
# see docs/container.md.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 \
  CMD ["/statuskit", "probe", "http://127.0.0.1:8080/healthz"]

ENTRYPOINT ["/statuskit"]
# All interfaces: inside the container, loopback is unreachable from the
# host's published port.
CMD ["serve", "--addr", ":8080"]
