"""Training the stance classifier: labelled pairs in, a calibrated model directory out.

Only the `train-stance` command and bench/ import this package; inference
(verifier/stance/model.py, classifier.py, features.py) never does.
"""
