{{/*
V8 old space in MiB: half of resources.limits.memory (the other half is for the young generation, code and
the Buffers of bodies, patches and TLS records). Empty when no limit is set: Node then sizes the heap from the
cgroup limit itself (a quarter of it). Accepts the integer quantity forms 512Mi, 1Gi, 1G, 536870912.
*/}}
{{- define "iw.oldSpaceMiB" -}}
{{- $quantity := toString (.Values.resources.limits.memory | default "") -}}
{{- if $quantity -}}
{{- $number := regexFind "^[0-9]+" $quantity -}}
{{- $unit := trimPrefix $number $quantity -}}
{{- $factors := dict "" 1 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 -}}
{{- if or (not $number) (not (hasKey $factors $unit)) -}}
{{- fail (printf "resources.limits.memory %q: use an integer quantity such as 512Mi, 1Gi or 1G (the heap is sized from it)" $quantity) -}}
{{- end -}}
{{- div (mul (int64 $number) (get $factors $unit)) 2097152 -}}
{{- end -}}
{{- end -}}
