namespace NasArena.UnseenData.Tests.Support;

/// <summary>Package sources for the tests: the three starting-kit classes around a chosen body.</summary>
public static class PackageSources
{
    /// <summary>A package whose DataProcessor.process() runs the given Python statements (indented by the caller's text as is).</summary>
    public static Dictionary<string, string> WithProcessBody(string body, string header = "") => new()
    {
        ["nas.py"] = $$"""
import os, sys, time
{{header}}

class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.metadata = metadata

    def process(self):
{{Indent(body, 8)}}
        return None, None, None


class NAS:
    def __init__(self, train_loader, valid_loader, metadata):
        pass

    def search(self):
        import torch
        return torch.nn.Linear(1, 1)


class Trainer:
    def __init__(self, model, device, train_loader, valid_loader, metadata):
        self.metadata = metadata

    def train(self):
        pass

    def predict(self, test_loader):
        return []
""",
    };

    /// <summary>A package that needs no training: it predicts with a fixed rule, returning what `predictExpression` gives.</summary>
    public static Dictionary<string, string> Predicting(string predictExpression) => new()
    {
        ["data_processor.py"] = """
class DataProcessor:
    def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
        self.test_x = test_x
        self.metadata = metadata

    def process(self):
        return None, None, self.test_x
""",
        ["nas.py"] = """
import torch

class NAS:
    def __init__(self, train_loader, valid_loader, metadata):
        pass

    def search(self):
        return torch.nn.Identity()
""",
        ["trainer.py"] = $$"""
import numpy as np

class Trainer:
    def __init__(self, model, device, train_loader, valid_loader, metadata):
        self.metadata = metadata

    def train(self):
        pass

    def predict(self, test_x):
        return {{predictExpression}}
""",
    };

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Replace("\r\n", "\n").Trim('\n').Split('\n').Select(l => pad + l));
    }
}
