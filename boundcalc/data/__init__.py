"""Data apart from the calculator, NumPy only: data files, the paper's sphere, the synthetic and
digits sets, their statistics (δ, λ0), the limit kernel and its spectrum. The calculator, the
checker and the study read data through here; nothing here imports them."""
