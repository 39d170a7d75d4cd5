# Pinned versions of the end-to-end control plane, sourced by hack/tools.sh and hack/wrappers.sh.
# kube-apiserver and kube-controller-manager are built from the same k8s.io/kubernetes release (KUBE_VERSION).
# kube-apiserver 1.33 stays within kubectl 1.32's skew and is the release kubeadm pairs with etcd 3.5.
HELM_VERSION=v3.21.4
ETCD_VERSION=v3.5.35
KUBE_VERSION=v1.33.13
