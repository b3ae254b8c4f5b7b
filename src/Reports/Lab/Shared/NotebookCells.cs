namespace Functional.Reports.Lab;

/// <summary>
/// The notebook's code cells, verbatim (docs/lab/lab-notebook.txt, a copy of the report's specification; cell 0 holds the
/// imports): each part shows the cells it runs as written, and its faithfulness rows name them.
/// </summary>
internal static class NotebookCells
{
    /// <summary>Cell 1.</summary>
    public const string LineData = """
        np.random.seed(0)

        x = np.arange(0,10,0.1)
        y = 2*x+3+np.random.normal(size=len(x))

        plt.scatter(x,y,label='random data')

        plt.plot(x,2*x+3,c='red',label='underlying relation')
        plt.legend()

        plt.show()
        """;

    /// <summary>Cell 2.</summary>
    public const string LinearModel = """
        # Clear any existing TensorFlow graph
        tf.keras.backend.clear_session()


        model = tf.keras.Sequential()
        # Define the input layer
        model.add(tf.keras.Input(shape=(1,)))
        # Define the fully connected dense layer that would consist of our outputs
        model.add(tf.keras.layers.Dense(1))

        print(model.summary())
        """;

    /// <summary>Cell 3.</summary>
    public const string LinearFit = """
        # Compile the model
        model.compile(loss='mean_squared_error',
                      optimizer=tf.keras.optimizers.Adam(learning_rate=100.))

        # Train the model
        history = model.fit(x, y, epochs=100, verbose=False,batch_size=100)

        # Make the predictions
        p=model.predict(x)



        plt.scatter(x,y,label='random data')
        plt.plot(x,p,c='orange',label='predictions')
        plt.plot(x,2*x+3,c='red',label='underlying relation')
        plt.legend()
        plt.show()

        plt.plot(history.history['loss'],label='loss over training epochs')
        plt.ylabel('loss')
        plt.xlabel('epoch')
        plt.yscale('log')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 4.</summary>
    public const string Sweep = """
        learnRate = np.logspace(-5, 2, 8)
        final_losses = []

        plt.figure()
        for lr in learnRate:
            tf.keras.backend.clear_session()
            model = tf.keras.Sequential()
            # Define the input layer
            model.add(tf.keras.Input(shape=(1,)))
            # Define the fully connected dense layer that would consist of our outputs
            model.add(tf.keras.layers.Dense(1))
            # Compile the model
            model.compile(loss='mean_squared_error',
                          optimizer=tf.keras.optimizers.Adam(learning_rate=lr))
            # Train the model
            history = model.fit(x, y, epochs=100, verbose=False,batch_size=100)
            # Make the predictions
            p=model.predict(x)

            plt.plot(history.history['loss'], label=f'lr={lr:g}')
            print(lr)


        plt.ylim(0.5, 3)
        plt.ylabel('loss')
        plt.xlabel('epoch')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 5.</summary>
    public const string SweepPrediction = """
        tf.keras.backend.clear_session()
        model = tf.keras.Sequential()
        # Define the input layer
        model.add(tf.keras.Input(shape=(1,)))
        # Define the fully connected dense layer that would consist of our outputs
        model.add(tf.keras.layers.Dense(1))
        # Compile the model
        model.compile(loss='mean_squared_error',
                      optimizer=tf.keras.optimizers.Adam(learning_rate=0.1))
        # Train the model
        history = model.fit(x, y, epochs=100, verbose=False,batch_size=100)

        # Make the predictions
        p=model.predict(x)



        plt.scatter(x,y,label='random data')
        plt.plot(x,p,c='orange',label='predictions')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 6.</summary>
    public const string LogLinear = """
        np.random.seed(0)

        x = np.arange(0,10,0.1)
        y = np.log(x+1)+np.random.normal(size=len(x))*0.1

        tf.keras.backend.clear_session()
        model = tf.keras.Sequential()
        model.add(tf.keras.Input(shape=(1,)))
        model.add(tf.keras.layers.Dense(1))
        # Compile the model
        model.compile(loss='mean_squared_error',
                      optimizer=tf.keras.optimizers.Adam(learning_rate=0.1))
        # Train the model
        history = model.fit(x, y, epochs=100, verbose=False,batch_size=100)

        # Make the predictions
        p=model.predict(x)



        plt.scatter(x,y,label='random data')
        plt.plot(x,p,c='orange',label='predictions')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 7.</summary>
    public const string HiddenLayer = """
        x = np.arange(0,10,0.1)
        y = np.log(x+1)+np.random.normal(size=len(x))*0.1


        tf.keras.backend.clear_session()
        model = tf.keras.Sequential()
        model.add(tf.keras.Input(shape=(1,)))
        model.add(tf.keras.layers.Dense(3,activation='tanh'))
        model.add(tf.keras.layers.Dense(1))

        # Compile the model
        model.compile(loss='mean_squared_error',
                      optimizer=tf.keras.optimizers.Adam(learning_rate=0.1))
        # Train the model
        history = model.fit(x, y, epochs=100, verbose=False,batch_size=200)

        # Make the predictions
        p=model.predict(x)

        plt.scatter(x,y,label='random data')
        plt.plot(x,p,c='orange',label='predictions')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 8.</summary>
    public const string Overfitting = """
        np.random.seed(0)

        x = np.arange(0,10)
        y = np.log(x+1)+np.random.normal(size=len(x))*0.2
        x1 = np.arange(0,10,0.1)
        y1 = np.log(x1+1)+np.random.normal(size=len(x1))*0.2

        tf.keras.backend.clear_session()
        model = tf.keras.Sequential()
        model.add(tf.keras.Input(shape=(1,)))
        model.add(tf.keras.layers.Dense(3,activation='tanh'))
        model.add(tf.keras.layers.Dense(1))

        model.compile(loss='mean_squared_error',
                      optimizer=tf.keras.optimizers.Adam(learning_rate=1e-2))
        history = model.fit(x, y, epochs=500, verbose=False,batch_size=10,validation_data=(x1,y1))
        p=model.predict(x)


        plt.scatter(x,y,label='random data')
        plt.scatter(x1,y1,label='validation data')
        plt.plot(x,p,c='blue',label='predictions')
        plt.legend()
        plt.show()


        plt.plot(history.history['loss'],label='loss over training epochs')
        plt.plot(history.history['val_loss'],label='validation loss')
        plt.ylabel('loss')
        plt.xlabel('epoch')
        plt.yscale('log')
        plt.xscale('log')
        plt.legend()
        plt.show()
        """;

    /// <summary>Cell 9.</summary>
    public const string MnistLoad = """
        (train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()
        """;

    /// <summary>Cell 10.</summary>
    public const string MnistExamples = """
        fig, axes = plt.subplots(3, 3, figsize=(8, 8))
        for i, ax in enumerate(axes.flat):
            ax.imshow(test_images[i], cmap='gray')
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"Label: {test_labels[i]}")

        plt.tight_layout()
        plt.show()
        """;

    /// <summary>Cell 11.</summary>
    public const string MnistModel = """
        # Preprocess the data - it is usually suggested to normalize the input data
        # in such a way that it would fit in the range of -1 to 1 or 0 to 1
        train_images_norm = train_images / 255.0
        test_images_norm = test_images / 255.0


        tf.keras.backend.clear_session()
        model = tf.keras.Sequential()
        model.add(tf.keras.Input(shape=(28,28)))
        model.add(tf.keras.layers.Flatten())
        model.add(tf.keras.layers.Dense(128,activation='relu'))
        model.add(tf.keras.layers.Dense(10,activation='softmax'))

        model.compile(optimizer='adam',
                      loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=['accuracy'])

        model.fit(train_images_norm, train_labels, epochs=10)

        test_loss, test_acc = model.evaluate(test_images_norm, test_labels, verbose=2)
        print('Test accuracy:', test_acc)

        predictions = tf.argmax(model.predict(test_images),axis=1).numpy()
        """;

    /// <summary>Cell 12.</summary>
    public const string MnistPredictions = """
        #confirming that the predictions are accurate
        fig, axes = plt.subplots(3, 3, figsize=(8, 8))
        for i, ax in enumerate(axes.flat):
            ax.imshow(test_images[i], cmap='gray')
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"Predicted: {predictions[i]}")

        plt.tight_layout()
        plt.show()
        """;

    /// <summary>Cell 13.</summary>
    public const string MnistConfusion = """
        cm = confusion_matrix(test_labels, predictions)
        accuracy = np.trace(cm) / float(np.sum(cm))

        # Create a heatmap
        plt.figure(figsize=(10, 8))
        sns.heatmap(cm, annot=False, fmt="d", cmap="Blues", cbar=False)

        # Set labels, title, and accuracy
        plt.xlabel("Predicted Labels")
        plt.ylabel("True Labels")
        plt.title(f"Confusion Matrix (Accuracy: {accuracy:.2f})")

        # Show the heatmap
        plt.show()
        """;

    /// <summary>Cell 14.</summary>
    public const string MnistMisclassified = """
        x=np.random.permutation(np.arange(len(predictions)))
        predictions=predictions[x]
        test_images=test_images[x]
        test_labels=test_labels[x]

        a=np.where(predictions != test_labels)[0]

        fig, axes = plt.subplots(3, 3, figsize=(8, 8))
        for i, ax in enumerate(axes.flat):
            ax.imshow(test_images[a[i]], cmap='gray')
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"True: {test_labels[a[i]]}, Pred: {predictions[a[i]]}")

        plt.tight_layout()
        plt.show()
        """;

    /// <summary>Cell 15.</summary>
    public const string Sine = """
        np.random.seed(0)

        x = np.linspace(0,np.pi*5,1000)
        y = np.sin(x)+np.random.normal(size=len(x))*0.1
        x1 = np.random.random(100)*np.pi*5
        y1 = np.sin(x1)+np.random.normal(size=len(x1))*0.1

        # put your code here
        """;

}
