"""The screens of the cashier's window, one module each."""
