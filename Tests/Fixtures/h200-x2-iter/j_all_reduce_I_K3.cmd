X=1 NCCL_NVLS_ENABLE=0 all_reduce_perf -b 1M -e 64M -f 4 -g 2 -n 20 -w 5 -I 1 -K 3 -J j_all_reduce_I_K3.json > j_all_reduce_I_K3.txt
