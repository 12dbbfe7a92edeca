NCCL_P2P_DISABLE=1 NCCL_NVLS_ENABLE=0 all_reduce_perf -b 8 -e 1G -f 4 -g 2 -n 20 -w 5 -I 1 -J j_all_reduce_I_p2p_disable.json > j_all_reduce_I_p2p_disable.txt
