"""The notes stage."""
