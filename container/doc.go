// Package container holds the tests of statuskit's container image: the
// Dockerfile at the repository root, built by scripts/build-image. It has no
// code of its own; see docs/container.md for how the image is built and run.
package container
